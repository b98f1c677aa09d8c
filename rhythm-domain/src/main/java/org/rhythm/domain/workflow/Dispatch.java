package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;

/**
 * The record of a step's task message, written before the message is published (DESIGN.md §3.2):
 * its task id, arguments, priority, when it was sent and why. A held dispatch was decided while the
 * workflow was paused and has not been published; a resume publishes it under a new task id.
 */
public record Dispatch(
    TaskId taskId,
    List<Object> args,
    Map<String, Object> kwargs,
    TaskPriority priority,
    Instant sentAt,
    String cause,
    boolean held) {

  /** The cause of the dispatch of step 1 by {@code start}. */
  public static final String START = "start";

  /** The cause of a dispatch by {@code resume}. */
  public static final String RESUME = "resume";

  public Dispatch {
    requireNonNull(taskId, "taskId");
    args = Json.copyList(args);
    kwargs = Json.copyObject(kwargs);
    requireNonNull(priority, "priority");
    requireNonNull(sentAt, "sentAt");
    requireNonNull(cause, "cause");
  }

  /** The cause of the dispatch of the step after the one whose task {@code succeeded}. */
  public static String advancedBy(TaskId succeeded) {
    return "advance:" + succeeded.value();
  }

  /** The same dispatch sent again at {@code at}, with the same task id. */
  public Dispatch resentAt(Instant at) {
    return new Dispatch(taskId, args, kwargs, priority, at, cause, false);
  }

  /**
   * Whether {@code other} is this very dispatch: the same task id, sent at the same time, held
   * alike.
   */
  public boolean sameAs(Dispatch other) {
    return other != null
        && taskId.equals(other.taskId)
        && sentAt.equals(other.sentAt)
        && held == other.held;
  }
}
