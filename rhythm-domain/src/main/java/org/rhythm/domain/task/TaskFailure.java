package org.rhythm.domain.task;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rhythm.domain.json.Json;

/**
 * Why a task failed, in the shape Celery stores as a FAILURE, RETRY or REVOKED result: {@code
 * {"exc_type", "exc_message", "exc_module"}}.
 */
public record TaskFailure(String excType, List<Object> excMessage, String excModule) {
  public TaskFailure {
    requireNonNull(excType, "excType");
    excMessage = Json.copyList(excMessage);
    requireNonNull(excModule, "excModule");
  }

  /** Celery's record of a terminated task ({@code revoke(terminate=True)}). */
  public static TaskFailure terminated() {
    return new TaskFailure("TaskRevokedError", List.of("terminated"), "celery.exceptions");
  }

  /** Celery's record of a task revoked before it ran. */
  public static TaskFailure revokedBeforeStart() {
    return new TaskFailure("TaskRevokedError", List.of("revoked"), "celery.exceptions");
  }

  /** Celery's record of a message naming a task no worker registered. */
  public static TaskFailure notRegistered(String taskName) {
    return new TaskFailure("NotRegistered", List.of(taskName), "celery.exceptions");
  }

  /** The failure a Java exception stands for. */
  public static TaskFailure of(Throwable error) {
    String message = error.getMessage();
    Class<?> type = error.getClass();
    String module = type.getPackageName().isEmpty() ? "java" : type.getPackageName();
    return new TaskFailure(
        type.getSimpleName(), message == null ? List.of() : List.of(message), module);
  }

  /** The stored form, keys in Celery's order. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("exc_type", excType);
    json.put("exc_message", excMessage);
    json.put("exc_module", excModule);
    return json;
  }
}
