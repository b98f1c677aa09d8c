package org.rhythm.ports.worker;

import java.util.List;
import org.rhythm.domain.json.Json;

/**
 * What a task may return as a step's result: a non-empty JSON list, whose first element the next
 * step gets.
 */
final class StepResults {
  private static final int MAX_SHOWN = 200;

  private StepResults() {}

  /**
   * What {@code task} returned, as a step's result.
   *
   * @throws InvalidTaskResultException when it is not a non-empty JSON list
   */
  static List<Object> of(String task, Object returned) {
    if (!(returned instanceof List<?> list) || list.isEmpty()) {
      throw new InvalidTaskResultException(
          "task "
              + task
              + " returned "
              + shown(returned)
              + ": a step's result is a non-empty list");
    }
    try {
      return Json.copyList(list);
    } catch (IllegalArgumentException e) {
      throw new InvalidTaskResultException(
          "task " + task + " returned a list that is not JSON: " + e.getMessage());
    }
  }

  private static String shown(Object returned) {
    String shown = String.valueOf(returned);
    return shown.length() > MAX_SHOWN ? shown.substring(0, MAX_SHOWN) + "…" : shown;
  }
}
