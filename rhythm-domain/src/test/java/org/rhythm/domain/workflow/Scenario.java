package org.rhythm.domain.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;

/**
 * A stored workflow and the task records a worker left, moved along by the domain's own decisions
 * as a store and the workers would: each step applies the decided transition, which must hold.
 * Every step happens at {@link #now}.
 */
record Scenario(Workflow workflow, TaskRecords records, Instant now) {
  static final WorkflowId ID = WorkflowId.of("0c5e6f7a-1b2c-4d3e-8f90-a1b2c3d4e5f6");
  static final String APP = "bioloop-dev.sca.iu.edu";
  static final String QUEUE = "bioloop-dev.sca.iu.edu.q";
  static final Instant T0 = Instant.parse("2024-01-05T14:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(10);
  static final String WORKER = "celery@w1";

  /** The usual three steps: inspect, archive, stage. */
  static WorkflowSpec threeSteps() {
    return spec(
        StepSpec.of("inspect", "inspect_dataset"),
        StepSpec.of("archive", "archive_dataset"),
        StepSpec.of("stage", "stage_dataset"));
  }

  static WorkflowSpec spec(StepSpec... steps) {
    return new WorkflowSpec("integrated", APP, null, List.of(steps));
  }

  /** A workflow of {@link #threeSteps()}, created at {@link #T0} and not started. */
  static Scenario created() {
    return created(threeSteps());
  }

  static Scenario created(WorkflowSpec spec) {
    return new Scenario(Workflow.create(ID, spec, QUEUE, T0), TaskRecords.none(), T0);
  }

  static TaskId id(String value) {
    return TaskId.of(value);
  }

  /** The same scenario, going on at {@code at}. */
  Scenario at(Instant at) {
    return new Scenario(workflow, records, at);
  }

  Scenario later(Duration by) {
    return at(now.plus(by));
  }

  /** Applies a decision's transition; its guards must hold. */
  Scenario apply(Decision decision) {
    Workflow next =
        decision
            .transition()
            .applyTo(workflow)
            .orElseThrow(() -> new AssertionError("a guard refused " + decision.transition()));
    return new Scenario(next, records, now);
  }

  Scenario withRecord(TaskRecord record) {
    return new Scenario(workflow, records.with(record), now);
  }

  Scenario start(String taskId, List<Object> args) {
    return start(taskId, args, Map.of());
  }

  Scenario start(String taskId, List<Object> args, Map<String, Object> kwargs) {
    return apply(workflow.start(args, kwargs, id(taskId), now));
  }

  /**
   * A worker starts {@code taskId} on step {@code step}: its STARTED record, then the recorded run.
   */
  Scenario running(int step, String taskId) {
    TaskId id = id(taskId);
    Step target = workflow.step(step);
    Dispatch dispatch = target.dispatch();
    boolean dispatched = dispatch != null && dispatch.taskId().equals(id);
    TaskRecord running =
        TaskRecord.running(
            id,
            target.task(),
            dispatched ? dispatch.args() : List.of(),
            dispatched ? dispatch.kwargs() : Map.of(),
            WORKER,
            0,
            target.queue(),
            null);
    Scenario recorded = withRecord(running);
    return recorded.apply(workflow.recordStarted(step, id, now, recorded.records).orElseThrow());
  }

  /** The worker's record of {@code taskId} moves to {@code state}. */
  Scenario recorded(String taskId, TaskState state, Object result) {
    TaskRecord record = records.find(id(taskId)).orElseThrow();
    return withRecord(record.moveTo(state, result, null, now));
  }

  Scenario succeeded(String taskId, List<Object> result) {
    return recorded(taskId, TaskState.SUCCESS, result);
  }

  Scenario failed(String taskId) {
    return recorded(
        taskId,
        TaskState.FAILURE,
        new TaskFailure("ValidationFailed", List.of("bad"), "workers.exceptions").toJson());
  }

  Scenario revoked(String taskId) {
    return recorded(taskId, TaskState.REVOKED, TaskFailure.terminated().toJson());
  }

  /**
   * Advances past step {@code step} after {@code succeeded}; the next step gets {@code nextTaskId}.
   */
  Scenario advanced(int step, String succeeded, String nextTaskId) {
    return apply(workflow.advance(step, id(succeeded), records, id(nextTaskId), now).orElseThrow());
  }

  /**
   * Step {@code step} runs {@code taskId}, succeeds with {@code result}, and the workflow advances.
   */
  Scenario ran(int step, String taskId, List<Object> result, String nextTaskId) {
    return running(step, taskId).succeeded(taskId, result).advanced(step, taskId, nextTaskId);
  }

  Scenario paused() {
    PauseOutcome outcome = workflow.pause(records, now);
    if (!(outcome instanceof PauseOutcome.Paused paused)) {
      throw new AssertionError("not paused: " + outcome);
    }
    return apply(paused.decision());
  }

  Scenario resumed(boolean force, List<Object> args, String taskId) {
    ResumeOutcome outcome = workflow.resume(resumeRequest(force, args, taskId), records);
    if (!(outcome instanceof ResumeOutcome.Resumed resumed)) {
      throw new AssertionError("not resumed: " + outcome);
    }
    return apply(resumed.decision());
  }

  ResumeRequest resumeRequest(boolean force, List<Object> args, String taskId) {
    return new ResumeRequest(force, args, LEASE, id(taskId), now);
  }
}
