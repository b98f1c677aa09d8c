package org.rhythm.ports.service;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.workflow.Decision;
import org.rhythm.domain.workflow.PauseOutcome;
import org.rhythm.domain.workflow.ResumeOutcome;
import org.rhythm.domain.workflow.ResumeRequest;
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
import org.rhythm.ports.in.WorkflowQueries;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.in.WorkflowViewPage;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.WorkflowPage;
import org.rhythm.ports.out.WorkflowQuery;

/**
 * The use cases of workflows and of the workers that run their tasks. Each loads a workflow and its
 * task records, lets the domain decide, applies the guarded transition and, only when it won,
 * publishes or revokes; a lost race is decided again on fresh state (DESIGN.md §2.1). Thread-safe;
 * several services may share one store and broker.
 *
 * <p>A start and the workers' reports of a task starting and succeeding are decided first on the
 * workflow as this service last saw it, and on the done task records it wrote or read, without
 * reading them again: a step's hand-over then costs four store round trips (two task records, two
 * guarded workflow changes). Another service may have changed the workflow since; the guards refuse
 * what that invalidates, and the decision is taken again on fresh state.
 */
public final class WorkflowService implements WorkflowCommands, WorkflowQueries, TaskReports {
  private final ResultStore store;
  private final Broker broker;
  private final Clock clock;
  private final Ids ids;
  private final ServiceSettings settings;
  private final Transitions transitions;
  private final TaskReporting reports;

  public WorkflowService(
      ResultStore store, Broker broker, Clock clock, Ids ids, ServiceSettings settings) {
    this.store = requireNonNull(store, "store");
    this.broker = requireNonNull(broker, "broker");
    this.clock = requireNonNull(clock, "clock");
    this.ids = requireNonNull(ids, "ids");
    this.settings = requireNonNull(settings, "settings");
    this.transitions = new Transitions(store, broker, settings, clock);
    this.reports = new TaskReporting(store, transitions, clock, ids);
  }

  // ---- commands ---------------------------------------------------------------------------------

  @Override
  public WorkflowId create(WorkflowSpec spec) {
    Workflow workflow =
        Workflow.create(ids.newWorkflowId(), spec, settings.defaultQueue(), clock.instant());
    store.create(workflow);
    transitions.created(workflow);
    return workflow.id();
  }

  @Override
  public void start(WorkflowId id, List<Object> args, Map<String, Object> kwargs) {
    TaskId taskId = ids.newTaskId();
    // Decided first on the workflow as this service last saw it: every input of a start is guarded
    // (no dispatch and no run of step 1, the pause as seen), and a start seen there was made.
    BiFunction<Workflow, TaskRecords, Transitions.Choice<Boolean>> decide =
        (workflow, records) ->
            Transitions.Choice.apply(
                workflow.start(args, kwargs, taskId, clock.instant()), Boolean.TRUE);
    transitions.decideAndApplyFromSnapshot(id, null, null, decide, decide);
  }

  @Override
  public PauseResult pause(WorkflowId id) {
    return transitions.decideAndApply(
        id,
        (workflow, records) -> {
          PauseOutcome outcome = workflow.pause(records, clock.instant());
          if (outcome instanceof PauseOutcome.Paused paused) {
            return Transitions.Choice.apply(
                paused.decision(), new PauseResult(true, paused.revokedStep()));
          }
          return Transitions.Choice.done(PauseResult.notPaused());
        });
  }

  @Override
  public ResumeResult resume(WorkflowId id, boolean force, List<Object> args) {
    TaskId taskId = ids.newTaskId();
    return transitions.decideAndApply(
        id,
        (workflow, records) -> {
          ResumeRequest request =
              new ResumeRequest(force, args, settings.resumeLease(), taskId, clock.instant());
          ResumeOutcome outcome = workflow.resume(request, records);
          if (outcome instanceof ResumeOutcome.Resumed resumed) {
            return Transitions.Choice.apply(
                resumed.decision(), ResumeResult.resumed(resumed.stepName(), resumed.task()));
          }
          return Transitions.Choice.done(
              ResumeResult.refused(((ResumeOutcome.NotResumable) outcome).reason()));
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
    transitions.deleted(id, withTasks ? workflow.taskIds() : List.of());
    return deleted;
  }

  // ---- queries ----------------------------------------------------------------------------------

  @Override
  public WorkflowView view(WorkflowId id, ViewOptions options) {
    Workflow workflow = transitions.load(id);
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

  @Override
  public List<String> taskStepNames() {
    return store.taskStepNames().stream().sorted().toList();
  }

  // ---- what workers report ----------------------------------------------------------------------

  @Override
  public Admission starting(TaskAttempt attempt) {
    return reports.starting(attempt);
  }

  @Override
  public void progress(TaskAttempt attempt, Map<String, Object> progress) {
    reports.progress(attempt, progress);
  }

  @Override
  public void succeeded(TaskAttempt attempt, List<Object> result) {
    reports.succeeded(attempt, result);
  }

  @Override
  public void failed(TaskAttempt attempt, TaskFailure failure, String traceback) {
    reports.failed(attempt, failure, traceback);
  }

  @Override
  public void retrying(TaskAttempt attempt, TaskFailure failure, String traceback) {
    reports.retrying(attempt, failure, traceback);
  }

  @Override
  public void revoked(TaskAttempt attempt, TaskFailure reason) {
    reports.revoked(attempt, reason);
  }

  @Override
  public void heartbeat(TaskAttempt attempt) {
    reports.heartbeat(attempt);
  }

  // ---- the reconciler's repairs -----------------------------------------------------------------

  /**
   * Decides and applies one repair of a workflow, as {@link Reconciler} asks; returns whether it
   * applied.
   */
  boolean repair(WorkflowId id, BiFunction<Workflow, TaskRecords, Optional<Decision>> decide) {
    return transitions.repair(id, decide);
  }

  /** Records that a Java worker was lost while running this task, then refreshes the status. */
  void recordWorkerLost(WorkflowId id, TaskId taskId) {
    reports.recordWorkerLost(id, taskId);
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
}
