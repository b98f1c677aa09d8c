package org.rhythm.domain.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rhythm.domain.workflow.Scenario.APP;
import static org.rhythm.domain.workflow.Scenario.ID;
import static org.rhythm.domain.workflow.Scenario.LEASE;
import static org.rhythm.domain.workflow.Scenario.QUEUE;
import static org.rhythm.domain.workflow.Scenario.T0;
import static org.rhythm.domain.workflow.Scenario.id;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.RhythmException;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;

/** DESIGN.md §3.6 and §3.7: pause and resume, as the domain decides them. */
class PauseResumeTest {
  private static final Instant T1 = T0.plus(Duration.ofMinutes(1));
  private static final Instant T2 = T0.plus(Duration.ofMinutes(2));
  private static final List<Object> ARGS = List.of(42);

  private static Scenario stepOneRunning() {
    return Scenario.created().start("t1", ARGS).running(0, "t1");
  }

  private static Scenario stepOneFailed() {
    return stepOneRunning().failed("t1");
  }

  private static PauseOutcome.Paused paused(PauseOutcome outcome) {
    assertThat(outcome).isInstanceOf(PauseOutcome.Paused.class);
    return (PauseOutcome.Paused) outcome;
  }

  private static ResumeOutcome.Resumed resumed(ResumeOutcome outcome) {
    assertThat(outcome).isInstanceOf(ResumeOutcome.Resumed.class);
    return (ResumeOutcome.Resumed) outcome;
  }

  private static List<Object> resumedArgs(ResumeOutcome outcome) {
    List<TaskCommand> commands = resumed(outcome).decision().commands();
    TaskCommand last = commands.get(commands.size() - 1);
    assertThat(last).isInstanceOf(TaskCommand.SendTask.class);
    return ((TaskCommand.SendTask) last).args();
  }

  /**
   * A workflow of two steps, inspect and archive, paused at {@link Scenario#T0}; inspect succeeded
   * as {@code t1} with {@code [10, "x"]}; archive's dispatch {@code t2} has args {@code [20]} (when
   * {@code dispatch}) and its run {@code t2} failed with stored args {@code [30]} (when {@code
   * run}, without stored args when {@code runArgs} is false).
   */
  private static Scenario stepTwo(boolean dispatch, boolean run, boolean runArgs) {
    Step inspect =
        new Step(
            "inspect",
            "inspect_dataset",
            QUEUE,
            null,
            null,
            List.of(new TaskRun(id("t1"), T0)),
            null,
            null);
    Step archive =
        new Step(
            "archive",
            "archive_dataset",
            QUEUE,
            null,
            null,
            run ? List.of(new TaskRun(id("t2"), T0)) : List.of(),
            dispatch
                ? new Dispatch(
                    id("t2"), List.of(20), Map.of(), new TaskPriority(2), T0, "advance:t1", false)
                : null,
            null);
    Workflow workflow =
        new Workflow(
            ID,
            "integrated",
            APP,
            null,
            T0,
            null,
            List.of(inspect, archive),
            WorkflowStatus.REVOKED,
            null,
            T0,
            List.of(1),
            Map.of());
    TaskRecords records =
        TaskRecords.none().with(record("t1", TaskState.SUCCESS, List.of(10, "x"), List.of(1)));
    if (run) {
      records = records.with(record("t2", TaskState.FAILURE, null, runArgs ? List.of(30) : null));
    }
    return new Scenario(workflow, records, T1);
  }

  private static TaskRecord record(
      String taskId, TaskState state, Object result, List<Object> args) {
    return new TaskRecord(
        id(taskId), state, result, null, T0, null, "a_task", args, null, "w", 0, QUEUE);
  }

  // ---- pause (§3.6) -----------------------------------------------------------------------------

  @Test
  void pausingRevokesTheRunningTaskOfThePendingStep() {
    Scenario running = stepOneRunning();

    PauseOutcome outcome = running.workflow().pause(running.records(), T1);

    assertThat(paused(outcome).revokedStep())
        .contains(new PauseOutcome.RevokedStep("t1", "inspect_dataset", "inspect"));
    assertThat(paused(outcome).decision().commands())
        .containsExactly(new TaskCommand.RevokeTask(id("t1")));
  }

  @Test
  void pausingRevokesADispatchThatHasNotStarted() {
    Scenario dispatched = Scenario.created().start("t1", ARGS);

    PauseOutcome outcome = dispatched.workflow().pause(dispatched.records(), T1);

    assertThat(paused(outcome).revokedStep())
        .contains(new PauseOutcome.RevokedStep("t1", "inspect_dataset", "inspect"));
    List<TaskCommand> commands = paused(outcome).decision().commands();
    assertThat(commands).hasSize(2);
    assertThat(commands.get(0))
        .isInstanceOfSatisfying(
            TaskCommand.MarkRevoked.class,
            mark -> {
              assertThat(mark.record().taskId()).isEqualTo(id("t1"));
              assertThat(mark.record().result())
                  .isEqualTo(TaskFailure.revokedBeforeStart().toJson());
            });
    assertThat(commands.get(1)).isEqualTo(new TaskCommand.RevokeTask(id("t1")));
  }

  @Test
  void pausingRevokesTheNextStepsDispatchThatHasNotStarted() {
    Scenario handedOver = stepOneRunning().succeeded("t1", List.of(7)).advanced(0, "t1", "t2");

    PauseOutcome outcome = handedOver.workflow().pause(handedOver.records(), T1);

    assertThat(paused(outcome).revokedStep())
        .contains(new PauseOutcome.RevokedStep("t2", "archive_dataset", "archive"));
  }

  @Test
  void pausingBetweenStepsRevokesNothing() {
    Scenario between = stepOneRunning().succeeded("t1", List.of(7));

    PauseOutcome outcome = between.workflow().pause(between.records(), T1);

    assertThat(paused(outcome).revokedStep()).isEmpty();
    assertThat(paused(outcome).decision().commands()).isEmpty();
  }

  @Test
  void aPauseHoldsTheWorkflowAndMakesItRevoked() {
    Scenario running = stepOneRunning();

    PauseOutcome outcome = running.workflow().pause(running.records(), T1);

    Workflow paused = running.apply(paused(outcome).decision()).workflow();
    assertThat(paused.pausedAt()).isEqualTo(T1);
    assertThat(paused.isPaused()).isTrue();
    assertThat(paused.storedStatus()).isEqualTo(WorkflowStatus.REVOKED);
    assertThat(paused.status(running.records())).isEqualTo(WorkflowStatus.REVOKED);
  }

  @Test
  void aPausedWorkflowWhosePendingStepFailedIsFailed() {
    Scenario pausedThenFailed = stepOneRunning().at(T1).paused().failed("t1");

    WorkflowStatus status = pausedThenFailed.workflow().status(pausedThenFailed.records());

    assertThat(status).isEqualTo(WorkflowStatus.FAILURE);
  }

  @Test
  void aPausedWorkflowWhoseStepSucceededBetweenStepsIsRevoked() {
    Scenario pausedThenSucceeded = stepOneRunning().at(T1).paused().succeeded("t1", List.of(7));

    WorkflowStatus status = pausedThenSucceeded.workflow().status(pausedThenSucceeded.records());

    assertThat(status).isEqualTo(WorkflowStatus.REVOKED);
  }

  @Test
  void pausingASucceededWorkflowDoesNothing() {
    Scenario succeeded =
        Scenario.created(Scenario.spec(StepSpec.of("inspect", "inspect_dataset")))
            .start("t1", ARGS)
            .ran(0, "t1", List.of(1), "t2");

    PauseOutcome outcome = succeeded.workflow().pause(succeeded.records(), T1);

    assertThat(outcome).isEqualTo(new PauseOutcome.NothingToPause(WorkflowStatus.SUCCESS));
  }

  @Test
  void pausingAFailedWorkflowDoesNothing() {
    Scenario failed = stepOneFailed();

    PauseOutcome outcome = failed.workflow().pause(failed.records(), T1);

    assertThat(outcome).isEqualTo(new PauseOutcome.NothingToPause(WorkflowStatus.FAILURE));
  }

  @Test
  void pausingAPausedWorkflowDoesNothing() {
    Scenario paused = stepOneRunning().paused();

    PauseOutcome outcome = paused.workflow().pause(paused.records(), T1);

    assertThat(outcome).isEqualTo(new PauseOutcome.NothingToPause(WorkflowStatus.REVOKED));
  }

  @Test
  void ofTwoPausesDecidedTogetherOnlyTheFirstApplies() {
    Scenario running = stepOneRunning();
    PauseOutcome first = running.workflow().pause(running.records(), T1);
    PauseOutcome second = running.workflow().pause(running.records(), T1);
    Workflow afterFirst =
        paused(first).decision().transition().applyTo(running.workflow()).orElseThrow();

    Optional<Workflow> afterSecond = paused(second).decision().transition().applyTo(afterFirst);

    assertThat(afterSecond).isEmpty();
  }

  @Test
  void aPauseDecidedBetweenStepsDoesNotApplyOnceTheNextStepWasSent() {
    // §3.6 and §4 #4: a pause during a hand-over is not lost. The pause saw nothing to revoke; if
    // it
    // applied after the advance, the next step's message would run while the workflow is paused.
    Scenario between = stepOneRunning().succeeded("t1", List.of(7));
    PauseOutcome pause = between.workflow().pause(between.records(), T1);
    Workflow handedOver = between.advanced(0, "t1", "t2").workflow();

    Optional<Workflow> applied = paused(pause).decision().transition().applyTo(handedOver);

    assertThat(applied).isEmpty();
  }

  @Test
  void aPauseDecidedWhileAStepRanDoesNotApplyOnceItHandedOver() {
    // The pause revokes t1, which finishes anyway; the advance it raced with sent t2, which the
    // pause knows nothing of, so it must be decided again.
    Scenario running = stepOneRunning();
    PauseOutcome pause = running.workflow().pause(running.records(), T1);
    Workflow handedOver = running.succeeded("t1", List.of(7)).advanced(0, "t1", "t2").workflow();

    Optional<Workflow> applied = paused(pause).decision().transition().applyTo(handedOver);

    assertThat(applied).isEmpty();
  }

  @Test
  void pausingAResumedStepThatHasNotStartedRevokesItsDispatch() {
    // §3.6: the live task of the pending step is its dispatch when it was sent and has not started.
    Scenario resumed = stepOneFailed().at(T1).resumed(false, null, "t2");

    PauseOutcome outcome = resumed.workflow().pause(resumed.records(), T2);

    assertThat(outcome).isInstanceOf(PauseOutcome.Paused.class);
    assertThat(paused(outcome).revokedStep())
        .contains(new PauseOutcome.RevokedStep("t2", "inspect_dataset", "inspect"));
  }

  @Test
  void pausingAfterAForcedResumeRevokesTheTaskThatHasNotStarted() {
    // §3.6: t1 hangs as STARTED (its worker died); the forced resume's t2 is the task that would
    // run.
    Scenario forced = stepOneRunning().at(T1).resumed(true, null, "t2");

    PauseOutcome outcome = forced.workflow().pause(forced.records(), T2);

    assertThat(paused(outcome).decision().commands())
        .contains(new TaskCommand.RevokeTask(id("t2")));
  }

  // ---- resume: when (§3.7) ----------------------------------------------------------------------

  @Test
  void resumingARunningWorkflowIsRefusedWithAReason() {
    Scenario running = stepOneRunning();

    ResumeOutcome outcome =
        running.workflow().resume(running.resumeRequest(false, null, "t2"), running.records());

    assertThat(outcome)
        .isEqualTo(
            new ResumeOutcome.NotResumable(
                "workflow "
                    + ID
                    + " is STARTED, neither FAILURE nor REVOKED; use force to resume it anyway"));
  }

  @Test
  void resumingAWorkflowThatNeverStartedIsRefused() {
    Scenario created = Scenario.created();

    ResumeOutcome outcome =
        created.workflow().resume(created.resumeRequest(false, null, "t1"), created.records());

    assertThat(outcome).isInstanceOf(ResumeOutcome.NotResumable.class);
  }

  @Test
  void resumingASucceededWorkflowIsRefusedEvenWhenForced() {
    Scenario succeeded =
        Scenario.created(Scenario.spec(StepSpec.of("inspect", "inspect_dataset")))
            .start("t1", ARGS)
            .ran(0, "t1", List.of(1), "t2");

    ResumeOutcome outcome =
        succeeded.workflow().resume(succeeded.resumeRequest(true, ARGS, "t3"), succeeded.records());

    assertThat(outcome)
        .isEqualTo(new ResumeOutcome.NotResumable("workflow " + ID + " has already succeeded"));
  }

  @Test
  void aFailedWorkflowIsResumed() {
    Scenario failed = stepOneFailed().at(T1);

    ResumeOutcome outcome =
        failed.workflow().resume(failed.resumeRequest(false, null, "t2"), failed.records());

    assertThat(resumed(outcome).stepName()).isEqualTo("inspect");
    assertThat(resumed(outcome).task()).isEqualTo("inspect_dataset");
  }

  @Test
  void aPausedWorkflowIsResumed() {
    Scenario paused = stepOneRunning().paused().revoked("t1").at(T1);

    ResumeOutcome outcome =
        paused.workflow().resume(paused.resumeRequest(false, null, "t2"), paused.records());

    assertThat(outcome).isInstanceOf(ResumeOutcome.Resumed.class);
  }

  @Test
  void forceResumesARunningWorkflowRevokingItsTaskFirst() {
    Scenario running = stepOneRunning().at(T1);

    ResumeOutcome outcome =
        running.workflow().resume(running.resumeRequest(true, null, "t2"), running.records());

    assertThat(resumed(outcome).decision().commands())
        .extracting(Object::getClass)
        .containsExactly(TaskCommand.RevokeTask.class, TaskCommand.SendTask.class);
    assertThat(resumed(outcome).decision().commands().get(0))
        .isEqualTo(new TaskCommand.RevokeTask(id("t1")));
  }

  @Test
  void resumingIsRefusedWhileTheLockIsYoungerThanTheLease() {
    Scenario resumedOnce = stepOneFailed().at(T1).resumed(false, null, "t2");
    Scenario beforeExpiry = resumedOnce.at(T1.plus(LEASE).minusSeconds(1));

    ResumeOutcome outcome =
        beforeExpiry
            .workflow()
            .resume(beforeExpiry.resumeRequest(false, null, "t3"), beforeExpiry.records());

    assertThat(outcome)
        .isEqualTo(
            new ResumeOutcome.NotResumable(
                "workflow "
                    + ID
                    + " is being resumed since "
                    + T1
                    + "; the lock expires at "
                    + T1.plus(LEASE)
                    + " unless a worker starts the step first; use force to resume it anyway"));
  }

  @Test
  void resumingIsAllowedOnceTheLeaseExpired() {
    Scenario resumedOnce = stepOneFailed().at(T1).resumed(false, null, "t2");
    Scenario afterExpiry = resumedOnce.at(T1.plus(LEASE).plusSeconds(1));

    ResumeOutcome outcome =
        afterExpiry
            .workflow()
            .resume(afterExpiry.resumeRequest(false, null, "t3"), afterExpiry.records());

    Optional<Workflow> applied =
        resumed(outcome).decision().transition().applyTo(afterExpiry.workflow());
    assertThat(applied).isPresent();
  }

  @Test
  void forceOverridesAFreshLockAndRevokesTheUnstartedDispatchFirst() {
    Scenario resumedOnce = stepOneFailed().at(T1).resumed(false, null, "t2");
    Scenario soonAfter = resumedOnce.later(Duration.ofSeconds(5));

    ResumeOutcome outcome =
        soonAfter.workflow().resume(soonAfter.resumeRequest(true, null, "t3"), soonAfter.records());

    Decision decision = resumed(outcome).decision();
    assertThat(decision.transition().applyTo(soonAfter.workflow())).isPresent();
    assertThat(decision.commands().get(0))
        .isInstanceOfSatisfying(
            TaskCommand.MarkRevoked.class,
            mark -> assertThat(mark.record().taskId()).isEqualTo(id("t2")));
    assertThat(decision.commands().get(1)).isEqualTo(new TaskCommand.RevokeTask(id("t2")));
    assertThat(decision.commands().get(2))
        .isInstanceOfSatisfying(
            TaskCommand.SendTask.class, send -> assertThat(send.taskId()).isEqualTo(id("t3")));
  }

  @Test
  void aSecondForcedResumeRevokesTheFirstOnesTaskThatHasNotStarted() {
    // §3.7: "so two copies of a step never run at once". t1 hangs as STARTED (its worker died), t2
    // waits in the queue; t3 must not run beside t2.
    Scenario forcedOnce = stepOneRunning().at(T1).resumed(true, null, "t2");
    Scenario soonAfter = forcedOnce.later(Duration.ofSeconds(5));

    ResumeOutcome outcome =
        soonAfter.workflow().resume(soonAfter.resumeRequest(true, null, "t3"), soonAfter.records());

    assertThat(resumed(outcome).decision().commands())
        .contains(new TaskCommand.RevokeTask(id("t2")));
  }

  @Test
  void aResumeDecidedBeforeAnotherResumeTookTheLockDoesNotApply() {
    Scenario failed = stepOneFailed().at(T1);
    Workflow workflow = failed.workflow();
    ResumeOutcome first =
        workflow.resume(failed.resumeRequest(false, null, "t2"), failed.records());
    ResumeOutcome second =
        workflow.resume(failed.resumeRequest(false, null, "t3"), failed.records());
    Workflow afterFirst = resumed(first).decision().transition().applyTo(workflow).orElseThrow();

    Optional<Workflow> afterSecond = resumed(second).decision().transition().applyTo(afterFirst);

    assertThat(afterSecond).isEmpty();
  }

  @Test
  void ofTwoForcedResumesDecidedTogetherOnlyTheFirstApplies() {
    Scenario running = stepOneRunning().at(T1);
    Workflow workflow = running.workflow();
    ResumeOutcome first =
        workflow.resume(running.resumeRequest(true, null, "t2"), running.records());
    ResumeOutcome second =
        workflow.resume(running.resumeRequest(true, null, "t3"), running.records());
    Workflow afterFirst = resumed(first).decision().transition().applyTo(workflow).orElseThrow();

    Optional<Workflow> afterSecond = resumed(second).decision().transition().applyTo(afterFirst);

    assertThat(afterSecond).isEmpty();
  }

  // ---- resume: effect (§3.7) --------------------------------------------------------------------

  @Test
  void resumingDispatchesTheStepUnderANewTaskIdWithCauseResume() {
    Scenario failed = stepOneFailed().at(T1);

    ResumeOutcome outcome =
        failed.workflow().resume(failed.resumeRequest(false, null, "t2"), failed.records());

    Dispatch dispatch = failed.apply(resumed(outcome).decision()).workflow().step(0).dispatch();
    assertThat(dispatch.taskId()).isEqualTo(id("t2"));
    assertThat(dispatch.cause()).isEqualTo(Dispatch.RESUME);
    assertThat(dispatch.sentAt()).isEqualTo(T1);
    assertThat(dispatch.held()).isFalse();
    assertThat(resumed(outcome).decision().commands())
        .containsExactly(
            new TaskCommand.SendTask(
                id("t2"),
                "inspect_dataset",
                QUEUE,
                ARGS,
                Map.of("workflow_id", ID.value(), "step", "inspect", "app_id", APP),
                new TaskPriority(1),
                ID,
                "inspect"));
  }

  @Test
  void resumingClearsThePauseAndTakesTheLock() {
    Scenario paused = stepOneRunning().paused().revoked("t1").at(T1);

    ResumeOutcome outcome =
        paused.workflow().resume(paused.resumeRequest(false, null, "t2"), paused.records());

    Workflow resumedWorkflow = paused.apply(resumed(outcome).decision()).workflow();
    assertThat(resumedWorkflow.pausedAt()).isNull();
    assertThat(resumedWorkflow.resumeLock()).isEqualTo(T1);
    assertThat(resumedWorkflow.updatedAt()).isEqualTo(T1);
  }

  @Test
  void resumingAHeldDispatchPublishesItUnderANewTaskId() {
    Scenario held =
        stepOneRunning().paused().succeeded("t1", List.of(7)).advanced(0, "t1", "held").at(T1);

    ResumeOutcome outcome =
        held.workflow().resume(held.resumeRequest(false, null, "t2"), held.records());

    Dispatch dispatch = held.apply(resumed(outcome).decision()).workflow().step(1).dispatch();
    assertThat(dispatch.taskId()).isEqualTo(id("t2"));
    assertThat(dispatch.held()).isFalse();
    assertThat(dispatch.args()).isEqualTo(List.of(7L));
    assertThat(resumed(outcome).decision().commands())
        .singleElement()
        .isInstanceOf(TaskCommand.SendTask.class);
  }

  @Test
  void eachResumeGetsTheTaskIdItWasGiven() {
    Scenario failedTwice =
        stepOneFailed().at(T1).resumed(false, null, "t2").running(0, "t2").failed("t2").at(T2);

    ResumeOutcome outcome =
        failedTwice
            .workflow()
            .resume(failedTwice.resumeRequest(false, null, "t3"), failedTwice.records());

    assertThat(
            failedTwice.apply(resumed(outcome).decision()).workflow().step(0).dispatch().taskId())
        .isEqualTo(id("t3"));
  }

  @Test
  void aResumedStepGetsTheStartKwargsAgain() {
    Scenario failed =
        Scenario.created().start("t1", ARGS, Map.of("dataset", 7)).running(0, "t1").failed("t1");

    ResumeOutcome outcome =
        failed.workflow().resume(failed.resumeRequest(false, null, "t2"), failed.records());

    assertThat(failed.apply(resumed(outcome).decision()).workflow().step(0).dispatch().kwargs())
        .containsEntry("dataset", 7L);
  }

  // ---- resume: arguments, first found (§3.7) ----------------------------------------------------

  @Test
  void givenArgumentsComeFirst() {
    Scenario everything = stepTwo(true, true, true);

    ResumeOutcome outcome =
        everything
            .workflow()
            .resume(everything.resumeRequest(false, List.of(40), "t3"), everything.records());

    assertThat(resumedArgs(outcome)).isEqualTo(List.of(40L));
  }

  @Test
  void theLastRunsStoredArgumentsComeNext() {
    Scenario everything = stepTwo(true, true, true);

    ResumeOutcome outcome =
        everything
            .workflow()
            .resume(everything.resumeRequest(false, null, "t3"), everything.records());

    assertThat(resumedArgs(outcome)).isEqualTo(List.of(30L));
  }

  @Test
  void theDispatchsArgumentsComeWhenTheRunStoredNone() {
    Scenario noStoredArgs = stepTwo(true, true, false);

    ResumeOutcome outcome =
        noStoredArgs
            .workflow()
            .resume(noStoredArgs.resumeRequest(false, null, "t3"), noStoredArgs.records());

    assertThat(resumedArgs(outcome)).isEqualTo(List.of(20L));
  }

  @Test
  void theArgumentsOfADispatchThatNeverStartedAreUsed() {
    Scenario neverStarted = stepTwo(true, false, false);

    ResumeOutcome outcome =
        neverStarted
            .workflow()
            .resume(neverStarted.resumeRequest(false, null, "t3"), neverStarted.records());

    assertThat(resumedArgs(outcome)).isEqualTo(List.of(20L));
  }

  @Test
  void aLaterStepWithNothingElseGetsThePreviousStepsFirstResult() {
    Scenario betweenSteps = stepTwo(false, false, false);

    ResumeOutcome outcome =
        betweenSteps
            .workflow()
            .resume(betweenSteps.resumeRequest(false, null, "t3"), betweenSteps.records());

    assertThat(resumedArgs(outcome)).isEqualTo(List.of(10L));
  }

  @Test
  void stepOneWithNothingElseGetsTheStartArguments() {
    Workflow created = Scenario.created().workflow();
    Workflow withoutDispatch =
        new Transition(
                List.of(),
                List.of(
                    new Change.SetStartArguments(List.of(5), Map.of()),
                    new Change.AppendTaskRun(0, new TaskRun(id("t1"), T0))))
            .applyTo(created)
            .orElseThrow();
    Scenario failed =
        new Scenario(
            withoutDispatch,
            TaskRecords.none().with(record("t1", TaskState.FAILURE, null, null)),
            T1);

    ResumeOutcome outcome =
        failed.workflow().resume(failed.resumeRequest(false, null, "t2"), failed.records());

    assertThat(resumedArgs(outcome)).isEqualTo(List.of(5L));
  }

  @Test
  void withNoArgumentsAnywhereResumingIsAClearError() {
    Workflow pythonRun =
        new Change.AppendTaskRun(0, new TaskRun(id("py-1"), T0))
            .applyTo(Scenario.created().workflow());
    TaskRecords records = TaskRecords.none().with(record("py-1", TaskState.FAILURE, null, null));
    ResumeRequest request = new ResumeRequest(false, null, LEASE, id("t2"), T1);

    assertThatThrownBy(() -> pythonRun.resume(request, records))
        .isInstanceOf(MissingResumeArgumentsException.class)
        .hasMessage(
            "workflow "
                + ID
                + ": no arguments were found to resume step 'inspect' with; give them as args");
  }

  @Test
  void resumeArgumentsLargerThanOneMebibyteAreRefused() {
    // §3.1: args are at most 1 MiB of JSON, as start enforces for its own.
    Scenario failed = stepOneFailed().at(T1);
    ResumeRequest request = failed.resumeRequest(false, List.of("x".repeat(1 << 20)), "t2");

    assertThatThrownBy(() -> failed.workflow().resume(request, failed.records()))
        .isInstanceOf(RhythmException.class)
        .hasMessageContaining("args is larger than 1 MiB of JSON");
  }
}
