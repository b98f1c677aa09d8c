package org.rhythm.ports.service;

import java.time.Clock;
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
    Optional<TaskRecord> done = transitions.doneRecord(message.taskId());
    if (done.isPresent()) {
      return skipDone(attempt, done.get());
    }
    Start start;
    try {
      start = start(workflowId.get(), message, running);
    } catch (WorkflowNotFoundException deleted) {
      saveTask(running.moveTo(TaskState.REVOKED, revokedResult(), null, clock.instant()));
      return Admission.SKIP;
    }
    if (start instanceof Start.Done already) {
      return skipDone(attempt, already.record());
    }
    if (start instanceof Start.HeldByLease) {
      // Another copy of the message: the worker holding the lease runs the task.
      return Admission.SKIP;
    }
    if (start instanceof Start.Refused) {
      revoked(attempt, TaskFailure.revokedBeforeStart());
      return Admission.SKIP;
    }
    if (store.saveTask(running)) {
      return Admission.RUN;
    }
    // Refused because the stored record is done: a redelivery of a task that finished.
    store
        .tasks(List.of(message.taskId()))
        .find(message.taskId())
        .ifPresent(
            stored -> {
              transitions.stored(stored);
              skipDone(attempt, stored);
            });
    return Admission.SKIP;
  }

  /** A done task is not run again; a success is advanced on again, which changes nothing twice. */
  private Admission skipDone(TaskAttempt attempt, TaskRecord done) {
    if (done.state().equals(TaskState.SUCCESS)) {
      advance(attempt, done);
    }
    return Admission.SKIP;
  }

  /**
   * Records the run of a task that starts, deciding first on the kept snapshot of its workflow (see
   * {@link Transitions}). On the snapshot only a recorded start is trusted, since the run's guards
   * verify it. Finding the run already recorded there, or the transition refused, is decided again
   * on the workflow read now: whether the task may run again depends on a pause, a newer dispatch
   * or a lease the snapshot may not show. A run still STARTED and held by a lease (another worker
   * runs it) makes this delivery a copy, dropped without a write.
   */
  private Start start(WorkflowId id, TaskMessage message, TaskRecord running) {
    Optional<Workflow> kept = transitions.snapshot(id);
    boolean fresh = kept.isEmpty();
    Workflow workflow = fresh ? transitions.load(id) : kept.get();
    TaskId taskId = message.taskId();
    while (true) {
      int step = stepIndex(workflow, message);
      // On fresh state the task's own record is read too: a redelivery of a done task is skipped.
      TaskRecords records = transitions.records(workflow, taskId, fresh ? null : running);
      Optional<TaskRecord> existing = records.find(taskId);
      if (existing.isPresent() && existing.get().state().isDone()) {
        return new Start.Done(existing.get());
      }
      TaskRecords withRunning = records.with(running);
      Optional<Decision> decision =
          workflow.recordStarted(step, taskId, clock.instant(), withRunning);
      if (decision.isEmpty()) {
        if (fresh) {
          if (existing.isPresent()
              && existing.get().state().equals(TaskState.STARTED)
              && workflow.heldByLease(step, taskId)) {
            return new Start.HeldByLease();
          }
          return workflow.mayRunAgain(step, taskId) ? new Start.Admitted() : new Start.Refused();
        }
      } else {
        Optional<Workflow> changed = transitions.apply(id, decision.get().transition());
        if (changed.isPresent()) {
          if (!fresh) {
            transitions.checkStatus(changed.get(), taskId, running, workflow, withRunning);
          }
          return new Start.Admitted();
        }
        if (fresh) {
          // Refused on fresh state: admitted only if a concurrent delivery recorded the same run.
          return transitions.load(id).step(step).hasRun(taskId)
              ? new Start.Admitted()
              : new Start.Refused();
        }
      }
      workflow = transitions.load(id);
      fresh = true;
    }
  }

  /** What recording a start came to. */
  private sealed interface Start {
    record Admitted() implements Start {}

    record Refused() implements Start {}

    /** The task runs in a worker that holds it by a lease: this delivery is a copy. */
    record HeldByLease() implements Start {}

    record Done(TaskRecord record) implements Start {}
  }

  @Override
  public void progress(TaskAttempt attempt, Map<String, Object> progress) {
    store.saveTask(running(attempt, progress));
  }

  @Override
  public void succeeded(TaskAttempt attempt, List<Object> result) {
    TaskRecord success =
        running(attempt, null).moveTo(TaskState.SUCCESS, result, null, clock.instant());
    // When refused, the stored record is done already, and the advance reads it.
    advance(attempt, saveTask(success) ? success : null);
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
    // The heartbeat's guard and its step, found by a name that never changes, are all it reads, so
    // a kept snapshot serves as well as the stored workflow.
    Optional<Workflow> workflow =
        message.workflowId().flatMap(id -> transitions.snapshot(id).or(() -> store.find(id)));
    OptionalInt step =
        workflow.isEmpty() || message.stepName().isEmpty()
            ? OptionalInt.empty()
            : workflow.get().stepIndex(message.stepName().get());
    if (step.isPresent()) {
      Workflow found = workflow.get();
      Heartbeat heartbeat = new Heartbeat(message.taskId(), clock.instant(), attempt.leased());
      transitions.apply(found.id(), found.heartbeat(step.getAsInt(), heartbeat).transition());
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
              saveTask(record.moveTo(TaskState.FAILURE, lost.toJson(), null, clock.instant()));
            });
    transitions.repair(id, (workflow, fresh) -> workflow.refreshStatus(fresh, clock.instant()));
  }

  /**
   * Moves the workflow on after the task's success; {@code success} is its stored record, or null
   * when it is to be read. Decided first on the kept snapshot: the advance's guards verify it, and
   * the exactly-once guard refuses a second dispatch of the next step. Finding nothing to do there
   * proves nothing, so that is decided again on fresh state.
   */
  private void advance(TaskAttempt attempt, TaskRecord success) {
    TaskMessage message = attempt.message();
    Optional<WorkflowId> workflowId = message.workflowId();
    if (workflowId.isEmpty()) {
      return;
    }
    TaskId next = ids.newTaskId();
    try {
      transitions.repairFromSnapshot(
          workflowId.get(),
          message.taskId(),
          success,
          (workflow, records) -> advance(workflow, message, records, next),
          (workflow, records) ->
              advance(workflow, message, records, next)
                  // A success that moves nothing on (a superseded task) may still change the
                  // status.
                  .or(() -> workflow.refreshStatus(records, clock.instant())));
    } catch (WorkflowNotFoundException deleted) {
      // The workflow was deleted while its task ran: there is nothing to advance.
    }
  }

  private Optional<Decision> advance(
      Workflow workflow, TaskMessage message, TaskRecords records, TaskId next) {
    return workflow.advance(
        stepIndex(workflow, message), message.taskId(), records, next, clock.instant());
  }

  /** Writes a task's record; one that is written and done is kept as final. */
  private boolean saveTask(TaskRecord record) {
    boolean saved = store.saveTask(record);
    if (saved) {
      transitions.stored(record);
    }
    return saved;
  }

  private void finish(TaskAttempt attempt, TaskState state, TaskFailure failure, String traceback) {
    saveTask(running(attempt, null).moveTo(state, failure.toJson(), traceback, clock.instant()));
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
