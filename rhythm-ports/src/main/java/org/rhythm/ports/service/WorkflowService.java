package org.rhythm.ports.service;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiFunction;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Decision;
import org.rhythm.domain.workflow.PauseOutcome;
import org.rhythm.domain.workflow.ResumeOutcome;
import org.rhythm.domain.workflow.ResumeRequest;
import org.rhythm.domain.workflow.TaskCommand;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowCommands;
import org.rhythm.ports.in.WorkflowNotFoundException;
import org.rhythm.ports.in.WorkflowQueries;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.in.WorkflowViewPage;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.WorkflowPage;
import org.rhythm.ports.out.WorkflowQuery;

/**
 * The use cases of workflows and of the workers that run their tasks. Each loads a workflow and its
 * task records, lets the domain decide, applies the guarded transition and, only when it won,
 * publishes or revokes; a lost race is decided again on fresh state (DESIGN.md §2.1). Thread-safe;
 * several services may share one store and broker.
 */
public final class WorkflowService implements WorkflowCommands, WorkflowQueries, TaskReports {
  private final ResultStore store;
  private final Broker broker;
  private final Clock clock;
  private final Ids ids;
  private final ServiceSettings settings;

  public WorkflowService(
      ResultStore store, Broker broker, Clock clock, Ids ids, ServiceSettings settings) {
    this.store = requireNonNull(store, "store");
    this.broker = requireNonNull(broker, "broker");
    this.clock = requireNonNull(clock, "clock");
    this.ids = requireNonNull(ids, "ids");
    this.settings = requireNonNull(settings, "settings");
  }

  // ---- commands ---------------------------------------------------------------------------------

  @Override
  public WorkflowId create(WorkflowSpec spec) {
    Workflow workflow =
        Workflow.create(ids.newWorkflowId(), spec, settings.defaultQueue(), clock.instant());
    store.create(workflow);
    return workflow.id();
  }

  @Override
  public void start(WorkflowId id, List<Object> args, Map<String, Object> kwargs) {
    TaskId taskId = ids.newTaskId();
    decideAndApply(
        id,
        (workflow, records) ->
            Choice.apply(workflow.start(args, kwargs, taskId, clock.instant()), Boolean.TRUE));
  }

  @Override
  public PauseResult pause(WorkflowId id) {
    return decideAndApply(
        id,
        (workflow, records) -> {
          PauseOutcome outcome = workflow.pause(records, clock.instant());
          if (outcome instanceof PauseOutcome.Paused paused) {
            return Choice.apply(paused.decision(), new PauseResult(true, paused.revokedStep()));
          }
          return Choice.done(PauseResult.notPaused());
        });
  }

  @Override
  public ResumeResult resume(WorkflowId id, boolean force, List<Object> args) {
    TaskId taskId = ids.newTaskId();
    return decideAndApply(
        id,
        (workflow, records) -> {
          ResumeRequest request =
              new ResumeRequest(force, args, settings.resumeLease(), taskId, clock.instant());
          ResumeOutcome outcome = workflow.resume(request, records);
          if (outcome instanceof ResumeOutcome.Resumed resumed) {
            return Choice.apply(
                resumed.decision(), ResumeResult.resumed(resumed.stepName(), resumed.task()));
          }
          return Choice.done(ResumeResult.refused(((ResumeOutcome.NotResumable) outcome).reason()));
        });
  }

  @Override
  public boolean delete(WorkflowId id, boolean withTasks) {
    Optional<Workflow> found = store.find(id);
    if (found.isEmpty()) {
      return false;
    }
    Workflow workflow = found.get();
    workflow.liveTasks(store.tasks(workflow.currentTaskIds())).forEach(broker::revoke);
    boolean deleted = store.delete(id);
    if (withTasks) {
      store.deleteTasks(workflow.taskIds());
    }
    return deleted;
  }

  // ---- queries ----------------------------------------------------------------------------------

  @Override
  public WorkflowView view(WorkflowId id, ViewOptions options) {
    Workflow workflow = load(id);
    return Views.of(workflow, store.tasks(workflow.taskIds()), options);
  }

  @Override
  public WorkflowViewPage list(WorkflowQuery query, ViewOptions options) {
    WorkflowPage page = store.list(query);
    Set<TaskId> taskIds = new HashSet<>();
    page.workflows().forEach(workflow -> taskIds.addAll(workflow.taskIds()));
    TaskRecords records = store.tasks(taskIds);
    List<WorkflowView> views = new ArrayList<>();
    page.workflows().forEach(workflow -> views.add(Views.of(workflow, records, options)));
    return new WorkflowViewPage(page.total(), query.skip(), query.limit(), views);
  }

  @Override
  public Map<WorkflowStatus, Long> countsByStatus(String appId) {
    Map<WorkflowStatus, Long> counts = new LinkedHashMap<>();
    WorkflowStatus.STANDARD.forEach(status -> counts.put(status, 0L));
    counts.putAll(store.countByStatus(appId));
    return counts;
  }

  // ---- what workers report ----------------------------------------------------------------------

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
                || load(workflow.id()).step(step).hasRun(message.taskId());
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
      store.apply(
          found.id(),
          found.heartbeat(step.getAsInt(), message.taskId(), clock.instant()).transition());
    }
  }

  // ---- the reconciler's repairs -----------------------------------------------------------------

  /**
   * Decides and applies one repair of a workflow, as {@link Reconciler} asks; returns whether it
   * applied.
   */
  boolean repair(WorkflowId id, BiFunction<Workflow, TaskRecords, Optional<Decision>> decide) {
    return decideAndApply(
        id,
        (workflow, records) ->
            decide
                .apply(workflow, records)
                .map(decision -> Choice.apply(decision, Boolean.TRUE))
                .orElseGet(() -> Choice.done(Boolean.FALSE)));
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
    repair(id, (workflow, fresh) -> workflow.refreshStatus(fresh, clock.instant()));
  }

  ResultStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }

  ServiceSettings settings() {
    return settings;
  }

  // ---- the loop
  // ----------------------------------------------------------------------------------

  private void advance(TaskAttempt attempt) {
    TaskMessage message = attempt.message();
    Optional<WorkflowId> workflowId = message.workflowId();
    if (workflowId.isEmpty()) {
      return;
    }
    TaskId next = ids.newTaskId();
    try {
      repair(
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
      repair(
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

  private Workflow load(WorkflowId id) {
    return store.find(id).orElseThrow(() -> new WorkflowNotFoundException(id));
  }

  private <T> T decideAndApply(WorkflowId id, BiFunction<Workflow, TaskRecords, Choice<T>> decide) {
    Backoff retry = settings.transientRetry();
    for (int race = 0; race < settings.maxRaces(); race++) {
      // A transient failure is retried on fresh state: if the change was made before the failure,
      // the next decision sees it; a dispatch recorded but not sent is re-sent by the reconciler.
      Choice<T> choice = retry.call(() -> decide(id, decide));
      if (choice.decision() == null) {
        return choice.result();
      }
      if (retry.call(() -> store.apply(id, choice.decision().transition()))) {
        perform(choice.decision().commands());
        return choice.result();
      }
    }
    throw new ContendedWorkflowException(id, settings.maxRaces());
  }

  private <T> Choice<T> decide(WorkflowId id, BiFunction<Workflow, TaskRecords, Choice<T>> decide) {
    Workflow workflow = load(id);
    return decide.apply(workflow, store.tasks(workflow.currentTaskIds()));
  }

  /** Carries out a winner's commands, each retried alone on a transient failure, in order. */
  private void perform(Collection<TaskCommand> commands) {
    for (TaskCommand command : commands) {
      settings.transientRetry().call(() -> perform(command));
    }
  }

  private boolean perform(TaskCommand command) {
    if (command instanceof TaskCommand.SendTask send) {
      broker.publish(TaskMessage.of(send));
    } else if (command instanceof TaskCommand.RevokeTask revoke) {
      broker.revoke(revoke.taskId());
    } else if (command instanceof TaskCommand.MarkRevoked mark) {
      store.saveTask(mark.record());
    }
    return true;
  }

  /** What a decision step chose: a decision to apply (null for none) and the result to return. */
  private record Choice<T>(Decision decision, T result) {
    static <T> Choice<T> apply(Decision decision, T result) {
      return new Choice<>(decision, result);
    }

    static <T> Choice<T> done(T result) {
      return new Choice<>(null, result);
    }
  }
}
