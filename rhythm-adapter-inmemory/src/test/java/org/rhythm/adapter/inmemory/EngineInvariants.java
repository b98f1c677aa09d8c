package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.out.TaskMessage;

/**
 * The invariants of the engine that hold between any two operations, and the rules every
 * publication keeps.
 */
final class EngineInvariants {
  private static final String ADVANCE = "advance:";

  private final EngineModel model;
  private final EngineBroker broker;

  EngineInvariants(EngineModel model) {
    this.model = model;
    this.broker = model.broker;
  }

  void check(EngineSnapshot snapshot, WorkflowView view) {
    runsAreUniqueAndPublished(snapshot);
    eachCauseDispatchesOnce();
    atMostOneLiveTask(snapshot);
    heldDispatchesWaitForAResume(snapshot);
    statusIsTheReference(snapshot, view);
    assertThat(snapshot.isPaused())
        .as("paused exactly when a pause was not followed by a resume (§3.6, §3.7)")
        .isEqualTo(model.paused);
    assertThat(snapshot.workflow().resumeLock())
        .as("resume_lock: taken by a resume, cleared by the next run started (§3.4, §3.7)")
        .isEqualTo(model.lock);
  }

  /** §3.2 and §3.4: what a publication carries, and why it was sent. */
  void checkPublished(EngineBroker.Published published, EngineSnapshot snapshot) {
    TaskMessage message = published.message();
    String name = EngineIds.alias(message.taskId());
    int step = published.step();
    Dispatch dispatch = published.dispatch();
    assertThat(dispatch)
        .as("%s is recorded as its step's dispatch before it is published (§3.2)", name)
        .isNotNull();
    assertThat(dispatch.held()).as("%s's dispatch is not held", name).isFalse();
    assertThat(message.args())
        .as("%s carries its dispatch's args", name)
        .isEqualTo(dispatch.args());
    assertThat(message.kwargs())
        .as("%s's kwargs: the step's < the start kwargs < the reserved keys (§3.2)", name)
        .isEqualTo(model.expectedKwargs(step))
        .isEqualTo(dispatch.kwargs());
    assertThat(message.priority())
        .as("%s's priority (§3.2)", name)
        .isEqualTo(model.expectedPriority(step));
    assertThat(message.queue()).as("%s's queue", name).isEqualTo(EngineRun.QUEUE);
    assertThat(message.task())
        .as("%s's task", name)
        .isEqualTo(model.engineCase.steps().get(step).task());
    assertThat(message.retries()).as("%s is a first attempt", name).isZero();
    expectCauseArgs(name, step, dispatch.cause(), message.args(), snapshot);
  }

  private void expectCauseArgs(
      String name, int step, String cause, List<Object> args, EngineSnapshot snapshot) {
    if (cause.equals(Dispatch.START)) {
      assertThat(step).as("%s: only step 1 is dispatched by start", name).isZero();
      assertThat(args)
          .as("%s: step 1 runs with the start args (§3.3)", name)
          .isEqualTo(model.startArgs);
    } else if (cause.startsWith(ADVANCE)) {
      TaskId succeeded = TaskId.of(cause.substring(ADVANCE.length()));
      assertThat(broker.stepOf(succeeded))
          .as(
              "%s was sent by the success of %s, a task of the step before",
              name, EngineIds.alias(succeeded))
          .isEqualTo(OptionalInt.of(step - 1));
      Optional<TaskRecord> record = snapshot.record(succeeded);
      assertThat(record.map(TaskRecord::state))
          .as("%s was sent after %s succeeded", name, EngineIds.alias(succeeded))
          .contains(TaskState.SUCCESS);
      assertThat(Optional.of(args))
          .as("%s runs with [result[0]] of %s (§3.4)", name, EngineIds.alias(succeeded))
          .isEqualTo(EngineModel.firstOfResult(record.get()));
    } else {
      assertThat(cause).as("%s's dispatch cause", name).isEqualTo(Dispatch.RESUME);
    }
  }

  private void runsAreUniqueAndPublished(EngineSnapshot snapshot) {
    for (int step = 0; step < snapshot.size(); step++) {
      List<TaskId> ids = snapshot.runs(step).stream().map(TaskRun::taskId).toList();
      assertThat(ids)
          .as("the task run ids of step %d are unique (§3.4)", step + 1)
          .doesNotHaveDuplicates();
      for (TaskId id : ids) {
        assertThat(broker.stepOf(id))
            .as("run %s of step %d was published for that step", EngineIds.alias(id), step + 1)
            .isEqualTo(OptionalInt.of(step));
      }
    }
  }

  /**
   * §3.4 and §4 #3: one publication per start, and per successful task id at most one of the next
   * step.
   */
  private void eachCauseDispatchesOnce() {
    List<TaskId> ids = broker.published().stream().map(p -> p.message().taskId()).toList();
    assertThat(ids).as("every dispatch gets a fresh task id (§3.2)").doesNotHaveDuplicates();
    Map<String, Integer> perCause = new HashMap<>();
    for (EngineBroker.Published published : broker.published()) {
      String cause = published.cause();
      if (cause != null && !cause.equals(Dispatch.RESUME)) {
        int count = perCause.merge(cause, 1, Integer::sum);
        assertThat(count)
            .as("step %d was published once for cause '%s'", published.step() + 1, cause)
            .isEqualTo(1);
      }
    }
  }

  private void atMostOneLiveTask(EngineSnapshot snapshot) {
    List<String> live = model.liveTasks(snapshot).stream().map(EngineIds::alias).toList();
    assertThat(live)
        .as("live tasks (published, not revoked, record not done): never two")
        .hasSizeLessThan(2);
    if (snapshot.isPaused()) {
      assertThat(live).as("a paused workflow has no live task (§3.6)").isEmpty();
    }
  }

  /** §3.6: a held dispatch was decided while paused, and carries the args it was decided with. */
  private void heldDispatchesWaitForAResume(EngineSnapshot snapshot) {
    for (int step = 0; step < snapshot.size(); step++) {
      Dispatch dispatch = snapshot.dispatch(step);
      if (dispatch != null && dispatch.held()) {
        String name = "held " + EngineIds.alias(dispatch.taskId());
        assertThat(snapshot.isPaused())
            .as("%s of step %d exists only while paused", name, step + 1)
            .isTrue();
        assertThat(broker.find(dispatch.taskId())).as("%s is not published", name).isEmpty();
        assertThat(dispatch.kwargs())
            .as("%s's kwargs (§3.2)", name)
            .isEqualTo(model.expectedKwargs(step));
        expectCauseArgs(name, step, dispatch.cause(), dispatch.args(), snapshot);
      }
    }
  }

  private void statusIsTheReference(EngineSnapshot snapshot, WorkflowView view) {
    WorkflowStatus reference = snapshot.referenceStatus();
    assertThat(snapshot.workflow().storedStatus())
        .as("stored _status equals the status of §3.5 derived from the runs and records")
        .isEqualTo(reference);
    assertThat(view.status()).as("view status equals the status of §3.5").isEqualTo(reference);
    assertThat(view.stepsDone()).as("steps_done (§3.5)").isEqualTo(snapshot.stepsDone());
    assertThat(view.totalSteps()).as("total_steps (§3.5)").isEqualTo(snapshot.size());
    assertThat(view.paused()).as("view's paused flag").isEqualTo(snapshot.isPaused());
  }
}
