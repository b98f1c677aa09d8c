package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRun;

/**
 * One step of a stored workflow: its definition ({@code name}, {@code task}, {@code queue}, {@code
 * priority}, {@code kwargs}), the runs workers started, and Rhythm's dispatch record and heartbeat.
 * {@code queue}, {@code priority}, {@code kwargs}, {@code dispatch} and {@code heartbeat} are null
 * when absent, as documents written by sca_rhythm allow.
 */
public record Step(
    String name,
    String task,
    String queue,
    Integer priority,
    Map<String, Object> kwargs,
    List<TaskRun> taskRuns,
    Dispatch dispatch,
    Heartbeat heartbeat) {

  /** Celery's default queue, for steps of old documents that name none. */
  public static final String CELERY_DEFAULT_QUEUE = "celery";

  public Step {
    requireNonNull(name, "name");
    requireNonNull(task, "task");
    kwargs = kwargs == null ? null : Json.copyObject(kwargs);
    taskRuns = List.copyOf(taskRuns);
  }

  /** A step as defined, never run. */
  static Step defined(StepSpec spec, String defaultQueue) {
    String queue = spec.queue() != null ? spec.queue() : defaultQueue;
    return new Step(
        spec.name(), spec.task(), queue, spec.priority(), spec.kwargs(), List.of(), null, null);
  }

  /** The last run a worker started, if any. */
  public Optional<TaskRun> lastRun() {
    return taskRuns.isEmpty() ? Optional.empty() : Optional.of(taskRuns.get(taskRuns.size() - 1));
  }

  /**
   * Whether this step's last run is {@code other}'s last run, or {@code reported}: both have none,
   * or theirs has the same task id. Allocates nothing: status checks call it for every step.
   */
  public boolean lastRunIsSameAs(Step other, TaskId reported) {
    if (taskRuns.isEmpty()) {
      return true;
    }
    TaskId last = taskRuns.get(taskRuns.size() - 1).taskId();
    if (last.equals(reported)) {
      return true;
    }
    List<TaskRun> theirs = other.taskRuns;
    return !theirs.isEmpty() && last.equals(theirs.get(theirs.size() - 1).taskId());
  }

  /** Whether a run with this task id was recorded. */
  public boolean hasRun(TaskId taskId) {
    for (TaskRun run : taskRuns) {
      if (run.taskId().equals(taskId)) {
        return true;
      }
    }
    return false;
  }

  /** The dispatch record, if any. */
  public Optional<Dispatch> lastDispatch() {
    return Optional.ofNullable(dispatch);
  }

  /** The dispatched task that was published and has not started yet, if any. */
  public Optional<TaskId> unstartedDispatch() {
    return lastDispatch().filter(d -> !d.held() && !hasRun(d.taskId())).map(Dispatch::taskId);
  }

  Step withRun(TaskRun run) {
    List<TaskRun> runs = new ArrayList<>(taskRuns);
    runs.add(run);
    return new Step(name, task, queue, priority, kwargs, runs, dispatch, heartbeat);
  }

  Step withDispatch(Dispatch next) {
    return new Step(name, task, queue, priority, kwargs, taskRuns, next, heartbeat);
  }

  Step withHeartbeat(Heartbeat beat) {
    return new Step(name, task, queue, priority, kwargs, taskRuns, dispatch, beat);
  }
}
