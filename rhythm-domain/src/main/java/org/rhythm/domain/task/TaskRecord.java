package org.rhythm.domain.task;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rhythm.domain.json.Json;

/**
 * What a worker last reported about one task: Celery's {@code celery_taskmeta} document. {@code
 * result} is the parsed JSON value (progress while STARTED, the return list on SUCCESS, a {@link
 * TaskFailure} shape on FAILURE, RETRY and REVOKED). The optional fields are null when absent, as
 * in the document: {@code traceback}, {@code dateDone} (set only for done states), {@code
 * parentId}, and the extended fields {@code name}, {@code args}, {@code kwargs}, {@code worker},
 * {@code retries}, {@code queue}.
 */
public record TaskRecord(
    TaskId taskId,
    TaskState state,
    Object result,
    String traceback,
    Instant dateDone,
    String parentId,
    String name,
    List<Object> args,
    Map<String, Object> kwargs,
    String worker,
    Integer retries,
    String queue) {

  public TaskRecord {
    requireNonNull(taskId, "taskId");
    requireNonNull(state, "state");
    result = Json.copy(result);
    args = args == null ? null : Json.copyList(args);
    kwargs = kwargs == null ? null : Json.copyObject(kwargs);
  }

  /** A record of a task about to run (or running) with no result yet. */
  public static TaskRecord running(
      TaskId taskId,
      String name,
      List<Object> args,
      Map<String, Object> kwargs,
      String worker,
      int retries,
      String queue,
      Object progress) {
    return new TaskRecord(
        taskId,
        TaskState.STARTED,
        progress,
        null,
        null,
        null,
        name,
        args,
        kwargs,
        worker,
        retries,
        queue);
  }

  /**
   * This record with another state, result, traceback and completion time; the extended fields are
   * kept.
   */
  public TaskRecord moveTo(TaskState next, Object nextResult, String nextTraceback, Instant at) {
    return new TaskRecord(
        taskId,
        next,
        nextResult,
        nextTraceback,
        next.isDone() ? requireNonNull(at, "at") : null,
        parentId,
        name,
        args,
        kwargs,
        worker,
        retries,
        queue);
  }

  /** This record with a new retry count. */
  public TaskRecord withRetries(int count) {
    return new TaskRecord(
        taskId, state, result, traceback, dateDone, parentId, name, args, kwargs, worker, count,
        queue);
  }

  /**
   * The arguments this task's result hands to the next step: a list holding the result's first
   * element, or empty when the result is not a non-empty list.
   */
  public Optional<List<Object>> nextStepArgs() {
    if (result instanceof List<?> list && !list.isEmpty()) {
      return Optional.of(Collections.singletonList(list.get(0)));
    }
    return Optional.empty();
  }
}
