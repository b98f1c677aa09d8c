package org.rhythm.app.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.TaskRunView;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.in.WorkflowViewPage;

/**
 * The JSON bodies of rhythm_api's answers as plain maps and lists, keys in its order
 * (rhythm-api-contract.md §1.2, §1.3). Pure.
 */
final class ViewJson {
  private ViewJson() {}

  /** sca_rhythm's embellished workflow, plus {@code paused}. */
  static Map<String, Object> workflow(WorkflowView view) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", view.id().value());
    json.put("name", view.name());
    json.put("app_id", view.appId());
    json.put("description", view.description());
    json.put("created_at", Datetimes.format(view.createdAt()));
    json.put("updated_at", Datetimes.format(view.updatedAt()));
    json.put("status", view.status().name());
    json.put("steps_done", view.stepsDone());
    json.put("total_steps", view.totalSteps());
    List<Object> steps = new ArrayList<>();
    view.steps().forEach(step -> steps.add(step(step)));
    json.put("steps", steps);
    json.put("resume_lock", Datetimes.format(view.resumeLock()));
    json.put("paused", view.paused());
    return json;
  }

  /** A step: no queue, kwargs or task_runs; the run keys only when they were asked for. */
  private static Map<String, Object> step(StepView step) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", step.name());
    json.put("task", step.task());
    json.put("status", step.status().name());
    if (step.lastRunIncluded()) {
      json.put("last_task_run", taskRun(step.lastTaskRun()));
    }
    if (step.prevTaskRuns() != null) {
      List<Object> runs = new ArrayList<>();
      step.prevTaskRuns().forEach(run -> runs.add(taskRun(run)));
      json.put("prev_task_runs", runs);
    }
    return json;
  }

  /**
   * The {@code celery_taskmeta} document of a run with its parsed result and {@code date_start};
   * null when the run has no record.
   */
  static Map<String, Object> taskRun(TaskRunView run) {
    if (run == null || run.record() == null) {
      return null;
    }
    TaskRecord record = run.record();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("_id", record.taskId().value());
    json.put("status", record.state().name());
    json.put("result", record.result());
    json.put("traceback", record.traceback());
    json.put("children", List.of());
    json.put("date_done", Datetimes.format(record.dateDone()));
    if (record.parentId() != null) {
      json.put("parent_id", record.parentId());
    }
    json.put("name", record.name());
    json.put("args", record.args());
    json.put("kwargs", record.kwargs());
    json.put("worker", record.worker());
    json.put("retries", record.retries());
    json.put("queue", record.queue());
    json.put("date_start", Datetimes.format(run.dateStart()));
    return json;
  }

  /** {@code {metadata: {total, limit, skip}, results}}. */
  static Map<String, Object> page(WorkflowViewPage page) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("total", page.total());
    metadata.put("limit", page.limit());
    metadata.put("skip", page.skip());
    List<Object> results = new ArrayList<>();
    page.results().forEach(view -> results.add(workflow(view)));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("metadata", metadata);
    json.put("results", results);
    return json;
  }

  /** Status name to count. */
  static Map<String, Object> counts(Map<WorkflowStatus, Long> counts) {
    Map<String, Object> json = new LinkedHashMap<>();
    counts.forEach((status, count) -> json.put(status.name(), count));
    return json;
  }

  /** {@code {paused, revoked_step?}}. */
  static Map<String, Object> pause(PauseResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("paused", result.paused());
    result
        .revokedStep()
        .ifPresent(
            step -> {
              Map<String, Object> revoked = new LinkedHashMap<>();
              revoked.put("task_id", step.taskId());
              revoked.put("task", step.task());
              revoked.put("name", step.name());
              json.put("revoked_step", revoked);
            });
    return json;
  }

  /** {@code {resumed, restarted_step?}}, and the reason when nothing was resumed. */
  static Map<String, Object> resume(ResumeResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("resumed", result.resumed());
    result
        .restartedStep()
        .ifPresent(
            step -> {
              Map<String, Object> restarted = new LinkedHashMap<>();
              restarted.put("name", step.name());
              restarted.put("task", step.task());
              json.put("restarted_step", restarted);
            });
    if (!result.resumed() && result.reason() != null) {
      json.put("reason", result.reason());
    }
    return json;
  }
}
