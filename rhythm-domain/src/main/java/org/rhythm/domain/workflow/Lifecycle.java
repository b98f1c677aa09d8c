package org.rhythm.domain.workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;

/** The step lifecycle of DESIGN.md §3.3 and §3.4 as pure decisions: start, started, advance. */
final class Lifecycle {
  private Lifecycle() {}

  static Decision start(
      Workflow workflow,
      List<Object> args,
      Map<String, Object> kwargs,
      TaskId taskId,
      Instant now) {
    if (workflow.isStarted()) {
      throw new WorkflowAlreadyStartedException(workflow.id());
    }
    checkSize("args", args);
    checkSize("kwargs", kwargs);
    Dispatch dispatch =
        dispatch(workflow, 0, args, kwargs, taskId, now, Dispatch.START, workflow.isPaused());
    List<Change> changes = new ArrayList<>();
    changes.add(new Change.SetStartArguments(args, kwargs));
    changes.add(new Change.SetDispatch(0, dispatch));
    List<Guard> guards =
        List.of(
            new Guard.DispatchUnchanged(0, null),
            new Guard.NoRuns(0),
            dispatch.held() ? new Guard.Paused() : new Guard.NotPaused());
    return decide(workflow, guards, changes, TaskRecords.none(), now, send(workflow, 0, dispatch));
  }

  static Optional<Decision> started(
      Workflow workflow, int index, TaskId taskId, Instant at, TaskRecords observed) {
    if (workflow.step(index).hasRun(taskId)) {
      return Optional.empty();
    }
    List<Guard> guards =
        List.of(
            new Guard.NoRun(index, taskId),
            new Guard.NotPaused(),
            new Guard.DispatchAbsentOr(index, taskId));
    List<Change> changes = new ArrayList<>();
    changes.add(new Change.AppendTaskRun(index, new TaskRun(taskId, at)));
    changes.add(new Change.SetResumeLock(null));
    // A task that starts is STARTED even when its worker has not written its record yet.
    TaskRecords started =
        observed.find(taskId).isPresent()
            ? observed
            : observed.with(TaskRecord.running(taskId, null, null, null, null, 0, null, null));
    return Optional.of(decide(workflow, guards, changes, started, at, List.of()));
  }

  static Optional<Decision> advance(
      Workflow workflow,
      int index,
      TaskId succeeded,
      TaskRecords observed,
      TaskId nextTaskId,
      Instant now) {
    Step step = workflow.step(index);
    Optional<TaskRecord> record = observed.find(succeeded);
    boolean current = step.dispatch() == null || step.dispatch().taskId().equals(succeeded);
    if (!current || record.isEmpty() || !record.get().state().equals(TaskState.SUCCESS)) {
      return Optional.empty();
    }
    List<Guard> guards = new ArrayList<>();
    guards.add(new Guard.DispatchUnchanged(index, step.dispatch()));
    int next = index + 1;
    if (next == workflow.steps().size()) {
      if (WorkflowStatus.SUCCESS.equals(workflow.storedStatus())) {
        return Optional.empty();
      }
      return Optional.of(decide(workflow, guards, new ArrayList<>(), observed, now, List.of()));
    }
    Step nextStep = workflow.step(next);
    if (nextStep.dispatch() != null || !nextStep.taskRuns().isEmpty()) {
      return Optional.empty();
    }
    List<Object> args =
        record
            .get()
            .nextStepArgs()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "task "
                            + succeeded
                            + " of step '"
                            + step.name()
                            + "' returned "
                            + record.get().result()
                            + ": a step's result is a non-empty list"));
    boolean held = workflow.isPaused();
    Dispatch dispatch =
        dispatch(
            workflow,
            next,
            args,
            startKwargs(workflow),
            nextTaskId,
            now,
            Dispatch.advancedBy(succeeded),
            held);
    guards.add(new Guard.DispatchUnchanged(next, null));
    guards.add(new Guard.NoRuns(next));
    guards.add(held ? new Guard.Paused() : new Guard.NotPaused());
    List<Change> changes = new ArrayList<>();
    changes.add(new Change.SetDispatch(next, dispatch));
    return Optional.of(
        decide(workflow, guards, changes, observed, now, send(workflow, next, dispatch)));
  }

  /**
   * A decision made of these guards and changes, plus the resulting status and {@code updated_at}.
   */
  static Decision decide(
      Workflow workflow,
      List<Guard> guards,
      List<Change> changes,
      TaskRecords observed,
      Instant now,
      List<TaskCommand> commands) {
    List<Change> all = new ArrayList<>(changes);
    all.add(new Change.SetStatus(workflow.statusAfter(changes, observed)));
    all.add(new Change.SetUpdatedAt(now));
    return new Decision(new Transition(guards, all), commands);
  }

  /** The dispatch of step {@code index} with these arguments and start kwargs (DESIGN.md §3.2). */
  static Dispatch dispatch(
      Workflow workflow,
      int index,
      List<Object> args,
      Map<String, Object> startKwargs,
      TaskId taskId,
      Instant now,
      String cause,
      boolean held) {
    Step step = workflow.step(index);
    Map<String, Object> kwargs = new LinkedHashMap<>();
    if (step.kwargs() != null) {
      kwargs.putAll(step.kwargs());
    }
    if (startKwargs != null) {
      kwargs.putAll(startKwargs);
    }
    kwargs.put("workflow_id", workflow.id().value());
    kwargs.put("step", step.name());
    kwargs.put("app_id", workflow.appId());
    TaskPriority priority = TaskPriority.forStep(step.priority(), index + 1);
    return new Dispatch(taskId, args, kwargs, priority, now, cause, held);
  }

  /** The message a dispatch stands for, or nothing when it is held. */
  static List<TaskCommand> send(Workflow workflow, int index, Dispatch dispatch) {
    if (dispatch.held()) {
      return List.of();
    }
    Step step = workflow.step(index);
    String queue = step.queue() != null ? step.queue() : Step.CELERY_DEFAULT_QUEUE;
    return List.of(
        new TaskCommand.SendTask(
            dispatch.taskId(),
            step.task(),
            queue,
            dispatch.args(),
            dispatch.kwargs(),
            dispatch.priority(),
            workflow.id(),
            step.name()));
  }

  static Map<String, Object> startKwargs(Workflow workflow) {
    return workflow.startKwargs() == null ? Map.of() : workflow.startKwargs();
  }

  static void checkSize(String place, Object value) {
    if (value != null && Json.sizeInBytes(value) > WorkflowSpec.MAX_JSON_BYTES) {
      throw new InvalidWorkflowSpecException(List.of(place + " is larger than 1 MiB of JSON"));
    }
  }
}
