package org.rhythm.ports.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Decision;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.WorkflowNotFoundException;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.TaskMessage;

/**
 * What workers report about the tasks they run (DESIGN.md §3.4), for {@link WorkflowService}: each
 * report writes the task's record and moves its workflow on through the shared {@link Transitions}
 * loop.
 */
final class TaskReporting implements TaskReports {
  private final ResultStore store;
  private final Transitions transitions;
  private final Clock clock;
  private final Ids ids;

  TaskReporting(ResultStore store, Transitions transitions, Clock clock, Ids ids) {
    this.store = store;
    this.transitions = transitions;
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public Admission starting(TaskAttempt attempt) {
    TaskMessage message = attempt.message();
    TaskRecord running = running(attempt, null);
    Optional<WorkflowId> workflowId = message.workflowId();
    if (workflowId.isEmpty()) {
      return store.saveTask(running) ? Admission.RUN : Admission.SKIP;
    }
    Optional<Workflow> found = store.find(workflowId.get());
    if (found.isEmpty()) {
      store.saveTask(running.moveTo(TaskState.REVOKED, revokedResult(), null, clock.instant()));
      return Admission.SKIP;
    }
    Workflow workflow = found.get();
    List<TaskId> current = new ArrayList<>(workflow.currentTaskIds());
    if (!current.contains(message.taskId())) {
      current.add(message.taskId());
    }
    TaskRecords records = store.tasks(current);
    Optional<TaskRecord> existing = records.find(message.taskId());
    if (existing.isPresent() && existing.get().state().isDone()) {
      if (existing.get().state().equals(TaskState.SUCCESS)) {
        advance(attempt);
      }
      return Admission.SKIP;
    }
    int step = stepIndex(workflow, message);
    Optional<Decision> decision =
        workflow.recordStarted(step, message.taskId(), clock.instant(), records.with(running));
    boolean admitted =
        decision.isEmpty()
            ? workflow.mayRunAgain(step, message.taskId())
            : store.apply(workflow.id(), decision.get().transition())
                || transitions.load(workflow.id()).step(step).hasRun(message.taskId());
    if (!admitted) {
      revoked(attempt, TaskFailure.revokedBeforeStart());
      return Admission.SKIP;
    }
    return store.saveTask(running) ? Admission.RUN : Admission.SKIP;
  }

  @Override
  public void progress(TaskAttempt attempt, Map<String, Object> progress) {
    store.saveTask(running(attempt, progress));
  }

  @Override
  public void succeeded(TaskAttempt attempt, List<Object> result) {
    store.saveTask(running(attempt, null).moveTo(TaskState.SUCCESS, result, null, clock.instant()));
    advance(attempt);
  }

  @Override
  public void failed(TaskAttempt attempt, TaskFailure failure, String traceback) {
    finish(attempt, TaskState.FAILURE, failure, traceback);
  }

  @Override
  public void retrying(TaskAttempt attempt, TaskFailure failure, String traceback) {
    store.saveTask(
        running(attempt, null).moveTo(TaskState.RETRY, failure.toJson(), traceback, null));
  }

  @Override
  public void revoked(TaskAttempt attempt, TaskFailure reason) {
    finish(attempt, TaskState.REVOKED, reason, null);
  }

  @Override
  public void heartbeat(TaskAttempt attempt) {
    TaskMessage message = attempt.message();
    Optional<Workflow> workflow = message.workflowId().flatMap(store::find);
    OptionalInt step =
        workflow.isEmpty() || message.stepName().isEmpty()
            ? OptionalInt.empty()
            : workflow.get().stepIndex(message.stepName().get());
    if (step.isPresent()) {
      Workflow found = workflow.get();
      Heartbeat heartbeat = new Heartbeat(message.taskId(), clock.instant(), attempt.leased());
      store.apply(found.id(), found.heartbeat(step.getAsInt(), heartbeat).transition());
    }
  }

  /**
   * Records that a Java worker was lost while running this task, then refreshes its workflow's
   * status.
   */
  void recordWorkerLost(WorkflowId id, TaskId taskId) {
    TaskRecords records = store.tasks(List.of(taskId));
    records
        .find(taskId)
        .ifPresent(
            record -> {
              TaskFailure lost =
                  new TaskFailure(
                      "WorkerLostError",
                      List.of("the worker running the task stopped sending heartbeats"),
                      "billiard.exceptions");
              store.saveTask(
                  record.moveTo(TaskState.FAILURE, lost.toJson(), null, clock.instant()));
            });
    transitions.repair(id, (workflow, fresh) -> workflow.refreshStatus(fresh, clock.instant()));
  }

  private void advance(TaskAttempt attempt) {
    TaskMessage message = attempt.message();
    Optional<WorkflowId> workflowId = message.workflowId();
    if (workflowId.isEmpty()) {
      return;
    }
    TaskId next = ids.newTaskId();
    try {
      transitions.repair(
          workflowId.get(),
          (workflow, records) ->
              workflow
                  .advance(
                      stepIndex(workflow, message),
                      message.taskId(),
                      records,
                      next,
                      clock.instant())
                  // A success that moves nothing on (a superseded task) may still change the
                  // status.
                  .or(() -> workflow.refreshStatus(records, clock.instant())));
    } catch (WorkflowNotFoundException deleted) {
      // The workflow was deleted while its task ran: there is nothing to advance.
    }
  }

  private void finish(TaskAttempt attempt, TaskState state, TaskFailure failure, String traceback) {
    store.saveTask(
        running(attempt, null).moveTo(state, failure.toJson(), traceback, clock.instant()));
    Optional<WorkflowId> workflowId = attempt.message().workflowId();
    if (workflowId.isEmpty()) {
      return;
    }
    try {
      transitions.repair(
          workflowId.get(),
          (workflow, records) -> workflow.refreshStatus(records, clock.instant()));
    } catch (WorkflowNotFoundException deleted) {
      // The workflow was deleted while its task ran: its task record is all there is to write.
    }
  }

  private TaskRecord running(TaskAttempt attempt, Object progress) {
    TaskMessage message = attempt.message();
    return TaskRecord.running(
        message.taskId(),
        message.task(),
        message.args(),
        message.kwargs(),
        attempt.worker(),
        message.retries(),
        message.queue(),
        progress);
  }

  private static Map<String, Object> revokedResult() {
    return TaskFailure.revokedBeforeStart().toJson();
  }

  private static int stepIndex(Workflow workflow, TaskMessage message) {
    String name =
        message
            .stepName()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "task "
                            + message.taskId()
                            + " names workflow "
                            + workflow.id()
                            + " but no step"));
    return workflow
        .stepIndex(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "workflow " + workflow.id() + " has no step named '" + name + "'"));
  }
}
