package org.rhythm.adapter.inmemory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.out.TaskMessage;

/**
 * What the test itself knows of the workflow under test, kept apart from what the service stores:
 * whether it was started and with what, whether it holds a pause and a resume lock, and which
 * messages workers may receive. It derives what DESIGN.md says must follow: the live tasks, the
 * arguments of a resume, a message's kwargs.
 */
final class EngineModel {
  final EngineCase engineCase;
  final WorkflowId id;
  final EngineBroker broker;

  boolean started;
  List<Object> startArgs;
  Map<String, Object> startKwargs;
  boolean paused;
  Instant lock;

  /**
   * Every message a worker may receive: each one the service published, and the retries workers
   * sent.
   */
  final List<TaskMessage> deliverable = new ArrayList<>();

  EngineModel(EngineCase engineCase, WorkflowId id, EngineBroker broker) {
    this.engineCase = engineCase;
    this.id = id;
    this.broker = broker;
  }

  /**
   * The live tasks of the workflow: those published by the service, not revoked, whose record is
   * not done (no record, STARTED, RETRY or a progress state). Why these three: a task never
   * published (a held dispatch) runs nowhere; a revoked task is one the service gave up on, which
   * workers that hear the broadcast skip or terminate, and which {@code starting} refuses to a
   * worker that missed it (checked on every delivery), so at most it reports an end it had already
   * reached; a done record is final ({@code TaskState.canMoveTo}), so such a task can no longer
   * change the workflow. Anything else is work a worker may be doing, or be about to start, for the
   * workflow. Two live tasks would be two copies of a step at once (§3.7, §3.9) or a step running
   * before the one before it finished (§1): there is never more than one.
   */
  List<TaskId> liveTasks(EngineSnapshot snapshot) {
    Set<TaskId> live = new LinkedHashSet<>();
    for (EngineBroker.Published published : broker.published()) {
      TaskId taskId = published.message().taskId();
      if (!broker.isRevoked(taskId) && !snapshot.isDone(taskId)) {
        live.add(taskId);
      }
    }
    return List.copyOf(live);
  }

  /**
   * §3.7, the arguments a resume of step {@code pending} uses when none are given, first found: the
   * last run's (what its message carried, which its record stores), the step's dispatch (held or
   * unstarted), the previous step's {@code result[0]}, the start arguments for step 1.
   */
  Optional<List<Object>> resumeArgs(EngineSnapshot snapshot, int pending) {
    Optional<List<Object>> lastRun =
        snapshot.lastRun(pending).flatMap(broker::find).map(p -> p.message().args());
    if (lastRun.isPresent()) {
      return lastRun;
    }
    Dispatch dispatch = snapshot.dispatch(pending);
    if (dispatch != null) {
      return Optional.of(dispatch.args());
    }
    if (pending > 0) {
      return snapshot
          .lastRun(pending - 1)
          .flatMap(snapshot::record)
          .flatMap(EngineModel::firstOfResult);
    }
    return Optional.ofNullable(startArgs);
  }

  /** {@code [result[0]]} of a record whose result is a non-empty list (§3.4). */
  static Optional<List<Object>> firstOfResult(TaskRecord record) {
    return record.result() instanceof List<?> list && !list.isEmpty()
        ? Optional.of(Json.copyList(Collections.singletonList(list.get(0))))
        : Optional.empty();
  }

  /** §3.2: the step's kwargs, overlaid by the start kwargs, overlaid by the reserved keys. */
  Map<String, Object> expectedKwargs(int step) {
    StepSpec spec = engineCase.steps().get(step);
    Map<String, Object> kwargs = new LinkedHashMap<>();
    if (spec.kwargs() != null) {
      kwargs.putAll(spec.kwargs());
    }
    if (startKwargs != null) {
      kwargs.putAll(startKwargs);
    }
    kwargs.put("workflow_id", id.value());
    kwargs.put("step", spec.name());
    kwargs.put("app_id", engineCase.spec().appId());
    return Json.copyObject(kwargs);
  }

  /** §3.2: the step's priority if set, else its 1-based position, clamped to 0–9. */
  TaskPriority expectedPriority(int step) {
    Integer own = engineCase.steps().get(step).priority();
    return TaskPriority.clamped(own != null ? own : step + 1);
  }

  /** The most recent deliverable message of this task (a retry when there was one). */
  TaskMessage latestMessage(TaskId taskId) {
    TaskMessage latest = null;
    for (TaskMessage message : deliverable) {
      if (message.taskId().equals(taskId)) {
        latest = message;
      }
    }
    if (latest == null) {
      throw new AssertionError("no message of " + EngineIds.alias(taskId) + " was published");
    }
    return latest;
  }
}
