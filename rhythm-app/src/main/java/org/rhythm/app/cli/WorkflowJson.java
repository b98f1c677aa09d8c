package org.rhythm.app.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.PauseOutcome.RevokedStep;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.TaskRunView;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.in.WorkflowViewPage;

/**
 * The REST API's answers (rhythm-api-contract.md §1.2, §1.3) read back into the views the ports
 * return, so that a command prints the same whether it asked a server or the store. Pure; takes
 * JSON values as {@link org.rhythm.domain.json.Json#copy} makes them.
 */
final class WorkflowJson {
  private WorkflowJson() {}

  static WorkflowView view(Object json) {
    Map<?, ?> map = object(json, "a workflow");
    List<StepView> steps = new ArrayList<>();
    for (Object step : list(map.get("steps"))) {
      steps.add(step(object(step, "a step")));
    }
    return new WorkflowView(
        WorkflowId.of(text(map, "id")),
        text(map, "name"),
        text(map, "app_id"),
        text(map, "description"),
        instant(map, "created_at"),
        instant(map, "updated_at"),
        WorkflowStatus.of(text(map, "status")),
        number(map, "steps_done").intValue(),
        number(map, "total_steps").intValue(),
        steps,
        instant(map, "resume_lock"),
        Boolean.TRUE.equals(map.get("paused")));
  }

  static WorkflowViewPage page(Object json) {
    Map<?, ?> map = object(json, "a page of workflows");
    Map<?, ?> metadata = object(map.get("metadata"), "the page's metadata");
    List<WorkflowView> results = new ArrayList<>();
    for (Object view : list(map.get("results"))) {
      results.add(view(view));
    }
    return new WorkflowViewPage(
        number(metadata, "total").longValue(),
        number(metadata, "skip").intValue(),
        number(metadata, "limit").intValue(),
        results);
  }

  static PauseResult pause(Object json) {
    Map<?, ?> map = object(json, "a pause's answer");
    Optional<RevokedStep> revoked =
        Optional.ofNullable(map.get("revoked_step"))
            .map(step -> object(step, "the revoked step"))
            .map(
                step ->
                    new RevokedStep(text(step, "task_id"), text(step, "task"), text(step, "name")));
    return new PauseResult(Boolean.TRUE.equals(map.get("paused")), revoked);
  }

  static ResumeResult resume(Object json) {
    Map<?, ?> map = object(json, "a resume's answer");
    if (Boolean.TRUE.equals(map.get("resumed")) && map.get("restarted_step") != null) {
      Map<?, ?> step = object(map.get("restarted_step"), "the restarted step");
      return ResumeResult.resumed(text(step, "name"), text(step, "task"));
    }
    String reason = text(map, "reason");
    return ResumeResult.refused(reason == null ? "the server did not say why" : reason);
  }

  private static StepView step(Map<?, ?> map) {
    List<TaskRunView> previous = null;
    if (map.get("prev_task_runs") != null) {
      previous = new ArrayList<>();
      for (Object run : list(map.get("prev_task_runs"))) {
        previous.add(run(run));
      }
    }
    return new StepView(
        text(map, "name"),
        text(map, "task"),
        TaskState.of(text(map, "status")),
        map.containsKey("last_task_run"),
        run(map.get("last_task_run")),
        previous);
  }

  /** A task run: its {@code celery_taskmeta} record and {@code date_start}; null for none. */
  @SuppressWarnings("unchecked")
  private static TaskRunView run(Object json) {
    if (json == null) {
      return null;
    }
    Map<?, ?> map = object(json, "a task run");
    Object args = map.get("args");
    Object kwargs = map.get("kwargs");
    Number retries = map.get("retries") instanceof Number number ? number : null;
    TaskRecord record =
        new TaskRecord(
            TaskId.of(text(map, "_id")),
            TaskState.of(text(map, "status")),
            map.get("result"),
            text(map, "traceback"),
            instant(map, "date_done"),
            text(map, "parent_id"),
            text(map, "name"),
            args instanceof List<?> list ? (List<Object>) list : null,
            kwargs instanceof Map<?, ?> object ? (Map<String, Object>) object : null,
            text(map, "worker"),
            retries == null ? null : retries.intValue(),
            text(map, "queue"));
    return new TaskRunView(record, instant(map, "date_start"));
  }

  private static Map<?, ?> object(Object json, String what) {
    if (json instanceof Map<?, ?> map) {
      return map;
    }
    throw new IllegalStateException("the server's answer has no object for " + what + ": " + json);
  }

  private static List<?> list(Object json) {
    return json instanceof List<?> list ? list : List.of();
  }

  private static String text(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value == null ? null : value.toString();
  }

  private static Number number(Map<?, ?> map, String key) {
    if (map.get(key) instanceof Number number) {
      return number;
    }
    throw new IllegalStateException("the server's answer has no number '" + key + "': " + map);
  }

  /** rhythm_api's datetimes, {@code 2024-01-05T14:03:22.123000Z}; null stays null. */
  private static Instant instant(Map<?, ?> map, String key) {
    String value = text(map, key);
    return value == null ? null : Instant.parse(value);
  }
}
