package org.rhythm.domain.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rhythm.domain.workflow.Scenario.APP;
import static org.rhythm.domain.workflow.Scenario.ID;
import static org.rhythm.domain.workflow.Scenario.QUEUE;
import static org.rhythm.domain.workflow.Scenario.T0;
import static org.rhythm.domain.workflow.Scenario.id;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;

/** DESIGN.md §3.2–3.4: dispatch, start, and what a worker reports, as the domain decides them. */
class LifecycleTest {
  private static final Instant T1 = T0.plus(Duration.ofMinutes(1));
  private static final Instant T2 = T0.plus(Duration.ofMinutes(2));
  private static final List<Object> ARGS = List.of(42);

  private static Map<String, Object> reserved(String step) {
    return Map.of("workflow_id", ID.value(), "step", step, "app_id", APP);
  }

  // ---- create -----------------------------------------------------------------------------------

  @Test
  void aCreatedWorkflowIsPendingAndNotStarted() {
    WorkflowSpec spec = Scenario.threeSteps();

    Workflow workflow = Workflow.create(ID, spec, QUEUE, T0);

    assertThat(workflow.storedStatus()).isEqualTo(WorkflowStatus.PENDING);
    assertThat(workflow.status(TaskRecords.none())).isEqualTo(WorkflowStatus.PENDING);
    assertThat(workflow.isStarted()).isFalse();
    assertThat(workflow.createdAt()).isEqualTo(T0);
    assertThat(workflow.steps()).allSatisfy(step -> assertThat(step.taskRuns()).isEmpty());
  }

  @Test
  void theStatusReadsTheLastRunOfEachStepAndNeitherEarlierRunsNorDispatches() {
    Workflow workflow = Scenario.created().start("t0", ARGS).workflow();
    for (Change change :
        List.of(
            new Change.AppendTaskRun(0, new TaskRun(id("t1"), T0)),
            new Change.AppendTaskRun(0, new TaskRun(id("t2"), T0)),
            new Change.AppendTaskRun(1, new TaskRun(id("t3"), T0)))) {
      workflow = change.applyTo(workflow);
    }

    List<TaskId> read = workflow.statusTaskIds();

    assertThat(read).containsExactly(id("t2"), id("t3"));
    assertThat(workflow.currentTaskIds()).contains(id("t0"));
  }

  @Test
  void aStepWithoutQueueGetsTheDefaultQueueAndAGivenQueueIsKept() {
    WorkflowSpec spec =
        Scenario.spec(
            StepSpec.of("inspect", "inspect_dataset"),
            StepSpec.of("archive", "archive_dataset").onQueue("archive.q"));

    Workflow workflow = Workflow.create(ID, spec, QUEUE, T0);

    assertThat(workflow.steps()).extracting(Step::queue).containsExactly(QUEUE, "archive.q");
  }

  // ---- dispatch: priority and kwargs (§3.2) -----------------------------------------------------

  @Test
  void aStepIsDispatchedAtItsOwnPriority() {
    Scenario created =
        Scenario.created(Scenario.spec(StepSpec.of("inspect", "inspect_dataset").withPriority(7)));

    Decision start = created.workflow().start(ARGS, Map.of(), id("t1"), T0);

    Workflow started = created.apply(start).workflow();
    assertThat(started.step(0).dispatch().priority()).isEqualTo(new TaskPriority(7));
    assertThat(start.commands())
        .singleElement()
        .isInstanceOfSatisfying(
            TaskCommand.SendTask.class,
            send -> assertThat(send.priority()).isEqualTo(new TaskPriority(7)));
  }

  @Test
  void aStepWithoutPriorityIsDispatchedAtItsOneBasedPosition() {
    Scenario stepOneSucceeded =
        Scenario.created().start("t1", ARGS).running(0, "t1").succeeded("t1", List.of(7));

    Decision advance =
        stepOneSucceeded
            .workflow()
            .advance(0, id("t1"), stepOneSucceeded.records(), id("t2"), T1)
            .orElseThrow();

    assertThat(stepOneSucceeded.apply(advance).workflow().step(1).dispatch().priority())
        .isEqualTo(new TaskPriority(2));
  }

  @Test
  void theTenthStepAndLaterAreDispatchedAtPriorityNine() {
    List<StepSpec> specs = new ArrayList<>();
    for (int i = 1; i <= 11; i++) {
      specs.add(StepSpec.of("step " + i, "task_" + i));
    }
    Scenario scenario = Scenario.created(Scenario.spec(specs.toArray(StepSpec[]::new)));
    scenario = scenario.start("t0", ARGS);
    for (int i = 0; i < 9; i++) {
      scenario = scenario.ran(i, "t" + i, List.of(i), "t" + (i + 1));
    }
    Scenario tenthSucceeded = scenario.running(9, "t9").succeeded("t9", List.of(9));

    Decision advance =
        tenthSucceeded
            .workflow()
            .advance(9, id("t9"), tenthSucceeded.records(), id("t10"), T1)
            .orElseThrow();

    assertThat(scenario.workflow().step(9).dispatch().priority()).isEqualTo(new TaskPriority(9));
    assertThat(tenthSucceeded.apply(advance).workflow().step(10).dispatch().priority())
        .isEqualTo(new TaskPriority(9));
  }

  @Test
  void aStoredPriorityOutsideTheRangeIsClampedWhenDispatched() {
    Workflow created = Scenario.created().workflow();
    Step pythonStep = new Step("inspect", "inspect_dataset", null, 15, null, List.of(), null, null);
    Workflow writtenByPython =
        new Workflow(
            ID,
            null,
            null,
            null,
            null,
            null,
            List.of(pythonStep, created.step(1)),
            null,
            null,
            null,
            null,
            null);

    Decision start = writtenByPython.start(ARGS, Map.of(), id("t1"), T0);

    assertThat(start.commands())
        .singleElement()
        .isInstanceOfSatisfying(
            TaskCommand.SendTask.class,
            send -> {
              assertThat(send.priority()).isEqualTo(new TaskPriority(9));
              assertThat(send.queue()).isEqualTo(Step.CELERY_DEFAULT_QUEUE);
            });
  }

  @Test
  void startKwargsOverlayStepKwargsAndTheReservedKeysWin() {
    Map<String, Object> stepKwargs =
        Map.of("a", "step", "b", "step", "workflow_id", "x", "step", "x", "app_id", "x");
    Scenario created =
        Scenario.created(
            Scenario.spec(StepSpec.of("inspect", "inspect_dataset").withKwargs(stepKwargs)));
    Map<String, Object> startKwargs =
        Map.of("b", "start", "c", "start", "workflow_id", "y", "step", "y", "app_id", "y");

    Decision start = created.workflow().start(ARGS, startKwargs, id("t1"), T0);

    Map<String, Object> expected =
        Map.of(
            "a",
            "step",
            "b",
            "start",
            "c",
            "start",
            "workflow_id",
            ID.value(),
            "step",
            "inspect",
            "app_id",
            APP);
    assertThat(created.apply(start).workflow().step(0).dispatch().kwargs()).isEqualTo(expected);
    assertThat(start.commands())
        .singleElement()
        .isInstanceOfSatisfying(
            TaskCommand.SendTask.class, send -> assertThat(send.kwargs()).isEqualTo(expected));
  }

  @Test
  void aDispatchDoesNotChangeTheStoredStepKwargs() {
    Map<String, Object> stepKwargs = Map.of("a", "step", "step", "x");
    Scenario created =
        Scenario.created(
            Scenario.spec(StepSpec.of("inspect", "inspect_dataset").withKwargs(stepKwargs)));

    Workflow started = created.start("t1", ARGS, Map.of("a", "start")).workflow();

    assertThat(started.step(0).kwargs()).isEqualTo(stepKwargs);
  }

  @Test
  void theNextStepGetsTheStartKwargsToo() {
    Scenario stepOneSucceeded =
        Scenario.created()
            .start("t1", ARGS, Map.of("dataset", 7))
            .running(0, "t1")
            .succeeded("t1", List.of(7));

    Decision advance =
        stepOneSucceeded
            .workflow()
            .advance(0, id("t1"), stepOneSucceeded.records(), id("t2"), T1)
            .orElseThrow();

    Map<String, Object> expected = new HashMap<>(reserved("archive"));
    expected.put("dataset", 7L);
    assertThat(stepOneSucceeded.apply(advance).workflow().step(1).dispatch().kwargs())
        .isEqualTo(expected);
  }

  // ---- start (§3.3) -----------------------------------------------------------------------------

  @Test
  void startingStoresTheStartArguments() {
    Scenario created = Scenario.created();

    Workflow started = created.start("t1", List.of(42, "x"), Map.of("k", "v")).workflow();

    assertThat(started.startArgs()).isEqualTo(List.of(42L, "x"));
    assertThat(started.startKwargs()).isEqualTo(Map.of("k", "v"));
    assertThat(started.isStarted()).isTrue();
  }

  @Test
  void startingDispatchesStepOneWithCauseStartAndSendsIt() {
    Scenario created = Scenario.created();

    Decision start = created.workflow().start(ARGS, Map.of(), id("t1"), T1);

    Dispatch expected =
        new Dispatch(
            id("t1"), ARGS, reserved("inspect"), new TaskPriority(1), T1, Dispatch.START, false);
    assertThat(created.apply(start).workflow().step(0).dispatch()).isEqualTo(expected);
    assertThat(start.commands())
        .containsExactly(
            new TaskCommand.SendTask(
                id("t1"),
                "inspect_dataset",
                QUEUE,
                ARGS,
                reserved("inspect"),
                new TaskPriority(1),
                ID,
                "inspect"));
  }

  @Test
  void startingWritesThePendingStatusAndTheUpdateTime() {
    Scenario created = Scenario.created();

    Decision start = created.workflow().start(ARGS, Map.of(), id("t1"), T1);

    Workflow started = created.apply(start).workflow();
    assertThat(started.storedStatus()).isEqualTo(WorkflowStatus.PENDING);
    assertThat(started.updatedAt()).isEqualTo(T1);
    assertThat(started.step(0).taskRuns()).isEmpty();
  }

  @Test
  void aSecondStartIsRefusedWithAClearError() {
    Workflow started = Scenario.created().start("t1", ARGS).workflow();

    assertThatThrownBy(() -> started.start(ARGS, Map.of(), id("t2"), T1))
        .isInstanceOfSatisfying(
            WorkflowAlreadyStartedException.class, e -> assertThat(e.workflowId()).isEqualTo(ID))
        .hasMessage("workflow " + ID + " was already started; resume it instead");
  }

  @Test
  void aWorkflowSca_rhythmStartedIsNotStartedAgain() {
    Workflow created = Scenario.created().workflow();
    Workflow startedByPython =
        new Change.AppendTaskRun(0, new TaskRun(id("py-1"), T0)).applyTo(created);

    assertThatThrownBy(() -> startedByPython.start(ARGS, Map.of(), id("t1"), T1))
        .isInstanceOf(WorkflowAlreadyStartedException.class);
  }

  @Test
  void ofTwoStartsDecidedTogetherOnlyTheFirstApplied() {
    Workflow created = Scenario.created().workflow();
    Decision first = created.start(ARGS, Map.of(), id("t1"), T1);
    Decision second = created.start(List.of(43), Map.of(), id("t2"), T1);
    Workflow afterFirst = first.transition().applyTo(created).orElseThrow();

    Optional<Workflow> afterSecond = second.transition().applyTo(afterFirst);

    assertThat(afterSecond).isEmpty();
  }

  @Test
  void aStartDecidedBeforeAPauseDoesNotApplyAfterIt() {
    // §3.6: the pause found nothing to revoke; step 1 must not be sent unheld once it holds.
    Scenario created = Scenario.created();
    Decision start = created.workflow().start(ARGS, Map.of(), id("t1"), T1);
    Workflow paused = created.at(T1).paused().workflow();

    Optional<Workflow> applied = start.transition().applyTo(paused);

    assertThat(applied).isEmpty();
  }

  @Test
  void startArgumentsLargerThanOneMebibyteAreRefused() {
    Workflow created = Scenario.created().workflow();
    List<Object> huge = List.of("x".repeat(1 << 20));

    assertThatThrownBy(() -> created.start(huge, Map.of(), id("t1"), T1))
        .isInstanceOf(InvalidWorkflowSpecException.class)
        .hasMessage("args is larger than 1 MiB of JSON");
  }

  @Test
  void startKwargsLargerThanOneMebibyteAreRefused() {
    Workflow created = Scenario.created().workflow();
    Map<String, Object> huge = Map.of("k", "x".repeat(1 << 20));

    assertThatThrownBy(() -> created.start(ARGS, huge, id("t1"), T1))
        .isInstanceOf(InvalidWorkflowSpecException.class)
        .hasMessage("kwargs is larger than 1 MiB of JSON");
  }

  // ---- started (§3.4) ---------------------------------------------------------------------------

  @Test
  void aStartedTaskIsAppendedAsARunOfItsStep() {
    Scenario dispatched = Scenario.created().start("t1", ARGS);

    Decision started =
        dispatched.workflow().recordStarted(0, id("t1"), T1, dispatched.records()).orElseThrow();

    assertThat(dispatched.apply(started).workflow().step(0).taskRuns())
        .containsExactly(new TaskRun(id("t1"), T1));
  }

  @Test
  void aStartSetsTheStatusCacheToStarted() {
    Scenario dispatched = Scenario.created().start("t1", ARGS);
    TaskRecords running =
        dispatched
            .records()
            .with(
                TaskRecord.running(
                    id("t1"), "inspect_dataset", ARGS, Map.of(), "w", 0, QUEUE, null));

    Decision started = dispatched.workflow().recordStarted(0, id("t1"), T1, running).orElseThrow();

    assertThat(dispatched.apply(started).workflow().storedStatus())
        .isEqualTo(WorkflowStatus.STARTED);
  }

  @Test
  void aRedeliveredStartAppendsNothing() {
    Scenario running = Scenario.created().start("t1", ARGS).running(0, "t1");

    Optional<Decision> again = running.workflow().recordStarted(0, id("t1"), T2, running.records());

    assertThat(again).isEmpty();
  }

  @Test
  void ofTwoStartsOfTheSameTaskDecidedTogetherOnlyTheFirstApplies() {
    Scenario dispatched = Scenario.created().start("t1", ARGS);
    Workflow workflow = dispatched.workflow();
    Decision first = workflow.recordStarted(0, id("t1"), T1, dispatched.records()).orElseThrow();
    Decision second = workflow.recordStarted(0, id("t1"), T1, dispatched.records()).orElseThrow();
    Workflow afterFirst = first.transition().applyTo(workflow).orElseThrow();

    Optional<Workflow> afterSecond = second.transition().applyTo(afterFirst);

    assertThat(afterSecond).isEmpty();
  }

  @Test
  void aStartClearsTheResumeLock() {
    Scenario resumed =
        Scenario.created()
            .start("t1", ARGS)
            .running(0, "t1")
            .failed("t1")
            .at(T1)
            .resumed(false, null, "t2");

    Scenario restarted = resumed.at(T2).running(0, "t2");

    assertThat(resumed.workflow().resumeLock()).isEqualTo(T1);
    assertThat(restarted.workflow().resumeLock()).isNull();
  }

  @Test
  void aStartIsNotRecordedWhileThePauseHolds() {
    Scenario paused = Scenario.created().start("t1", ARGS).paused();
    Decision started =
        paused.workflow().recordStarted(0, id("t1"), T1, paused.records()).orElseThrow();

    Optional<Workflow> applied = started.transition().applyTo(paused.workflow());

    assertThat(applied).isEmpty();
  }

  @Test
  void aStartOfATaskTheStepNoLongerDispatchesIsNotRecorded() {
    Scenario resumed =
        Scenario.created()
            .start("t1", ARGS)
            .running(0, "t1")
            .failed("t1")
            .at(T1)
            .resumed(false, null, "t2");
    Decision lateStart =
        resumed.workflow().recordStarted(0, id("t3"), T2, resumed.records()).orElseThrow();

    Optional<Workflow> applied = lateStart.transition().applyTo(resumed.workflow());

    assertThat(applied).isEmpty();
  }

  @Test
  void aStartOnAStepSca_rhythmDispatchedIsRecorded() {
    Workflow pythonRun =
        new Change.AppendTaskRun(0, new TaskRun(id("py-1"), T0))
            .applyTo(Scenario.created().workflow());
    Decision started = pythonRun.recordStarted(1, id("py-2"), T1, TaskRecords.none()).orElseThrow();

    Optional<Workflow> applied = started.transition().applyTo(pythonRun);

    assertThat(applied)
        .hasValueSatisfying(
            w -> assertThat(w.step(1).taskRuns()).containsExactly(new TaskRun(id("py-2"), T1)));
  }

  // ---- advance (§3.4) ---------------------------------------------------------------------------

  @Test
  void aSuccessDispatchesTheNextStepWithTheFirstElementOfItsResult() {
    Scenario succeeded =
        Scenario.created()
            .start("t1", ARGS)
            .running(0, "t1")
            .succeeded("t1", List.of(7, List.of("a", "b")));

    Decision advance =
        succeeded.workflow().advance(0, id("t1"), succeeded.records(), id("t2"), T1).orElseThrow();

    Dispatch expected =
        new Dispatch(
            id("t2"),
            List.of(7),
            reserved("archive"),
            new TaskPriority(2),
            T1,
            Dispatch.advancedBy(id("t1")),
            false);
    assertThat(succeeded.apply(advance).workflow().step(1).dispatch()).isEqualTo(expected);
    assertThat(advance.commands())
        .containsExactly(
            new TaskCommand.SendTask(
                id("t2"),
                "archive_dataset",
                QUEUE,
                List.of(7),
                reserved("archive"),
                new TaskPriority(2),
                ID,
                "archive"));
  }

  @Test
  void anAdvanceWritesTheStartedStatus() {
    Scenario succeeded =
        Scenario.created().start("t1", ARGS).running(0, "t1").succeeded("t1", List.of(7));

    Decision advance =
        succeeded.workflow().advance(0, id("t1"), succeeded.records(), id("t2"), T1).orElseThrow();

    assertThat(succeeded.apply(advance).workflow().storedStatus())
        .isEqualTo(WorkflowStatus.STARTED);
  }

  @Test
  void aSecondAdvanceForTheSameTaskDoesNothing() {
    Scenario advanced =
        Scenario.created()
            .start("t1", ARGS)
            .running(0, "t1")
            .succeeded("t1", List.of(7))
            .advanced(0, "t1", "t2");

    Optional<Decision> again =
        advanced.workflow().advance(0, id("t1"), advanced.records(), id("t3"), T2);

    assertThat(again).isEmpty();
  }

  @Test
  void ofTwoAdvancesDecidedTogetherOnlyTheFirstApplies() {
    Scenario succeeded =
        Scenario.created().start("t1", ARGS).running(0, "t1").succeeded("t1", List.of(7));
    Workflow workflow = succeeded.workflow();
    Decision first = workflow.advance(0, id("t1"), succeeded.records(), id("t2"), T1).orElseThrow();
    Decision second =
        workflow.advance(0, id("t1"), succeeded.records(), id("t3"), T1).orElseThrow();
    Workflow afterFirst = first.transition().applyTo(workflow).orElseThrow();

    Optional<Workflow> afterSecond = second.transition().applyTo(afterFirst);

    assertThat(afterSecond).isEmpty();
  }

  @Test
  void aRedeliveredSuccessDoesNothingOnceTheNextStepRuns() {
    Scenario nextRunning =
        Scenario.created().start("t1", ARGS).ran(0, "t1", List.of(7), "t2").at(T1).running(1, "t2");

    Optional<Decision> redelivered =
        nextRunning.workflow().advance(0, id("t1"), nextRunning.records(), id("t3"), T2);

    assertThat(redelivered).isEmpty();
  }

  @Test
  void theLastStepsSuccessMakesTheWorkflowSucceed() {
    Scenario lastSucceeded =
        Scenario.created()
            .start("t1", ARGS)
            .ran(0, "t1", List.of(1), "t2")
            .ran(1, "t2", List.of(2), "t3")
            .running(2, "t3")
            .succeeded("t3", List.of(3));

    Decision advance =
        lastSucceeded
            .workflow()
            .advance(2, id("t3"), lastSucceeded.records(), id("t4"), T1)
            .orElseThrow();

    assertThat(advance.commands()).isEmpty();
    Workflow succeeded = lastSucceeded.apply(advance).workflow();
    assertThat(succeeded.storedStatus()).isEqualTo(WorkflowStatus.SUCCESS);
    assertThat(succeeded.status(lastSucceeded.records())).isEqualTo(WorkflowStatus.SUCCESS);
    assertThat(succeeded.updatedAt()).isEqualTo(T1);
  }

  @Test
  void aRedeliveredSuccessOfTheLastStepDoesNothing() {
    Scenario succeeded =
        Scenario.created()
            .start("t1", ARGS)
            .ran(0, "t1", List.of(1), "t2")
            .ran(1, "t2", List.of(2), "t3")
            .ran(2, "t3", List.of(3), "t4");

    Optional<Decision> redelivered =
        succeeded.workflow().advance(2, id("t3"), succeeded.records(), id("t5"), T2);

    assertThat(redelivered).isEmpty();
  }

  @Test
  void aSuccessOfATaskTheStepNoLongerDispatchesDoesNothing() {
    Scenario replaced =
        Scenario.created()
            .start("t1", ARGS)
            .running(0, "t1")
            .at(T1)
            .resumed(true, null, "t2")
            .succeeded("t1", List.of(7));

    Optional<Decision> stale =
        replaced.workflow().advance(0, id("t1"), replaced.records(), id("t3"), T2);

    assertThat(stale).isEmpty();
  }

  @Test
  void aTaskThatHasNotSucceededDoesNotAdvance() {
    Scenario running = Scenario.created().start("t1", ARGS).running(0, "t1");

    Optional<Decision> advance =
        running.workflow().advance(0, id("t1"), running.records(), id("t2"), T1);

    assertThat(advance).isEmpty();
  }

  @Test
  void aTaskWithoutRecordDoesNotAdvance() {
    Scenario dispatched = Scenario.created().start("t1", ARGS);

    Optional<Decision> advance =
        dispatched.workflow().advance(0, id("t1"), TaskRecords.none(), id("t2"), T1);

    assertThat(advance).isEmpty();
  }

  @Test
  void whileThePauseHoldsTheNextDispatchIsHeldAndNothingIsSent() {
    Scenario pausedThenSucceeded =
        Scenario.created()
            .start("t1", ARGS)
            .running(0, "t1")
            .at(T1)
            .paused()
            .succeeded("t1", List.of(7));

    Decision advance =
        pausedThenSucceeded
            .workflow()
            .advance(0, id("t1"), pausedThenSucceeded.records(), id("t2"), T2)
            .orElseThrow();

    assertThat(advance.commands()).isEmpty();
    Workflow held = pausedThenSucceeded.apply(advance).workflow();
    assertThat(held.step(1).dispatch().held()).isTrue();
    assertThat(held.step(1).dispatch().args()).isEqualTo(List.of(7L));
    assertThat(held.storedStatus()).isEqualTo(WorkflowStatus.REVOKED);
  }

  @Test
  void anAdvanceDecidedBeforeAPauseDoesNotApplyAfterIt() {
    Scenario succeeded =
        Scenario.created().start("t1", ARGS).running(0, "t1").succeeded("t1", List.of(7));
    Decision advance =
        succeeded.workflow().advance(0, id("t1"), succeeded.records(), id("t2"), T1).orElseThrow();
    Workflow paused = succeeded.at(T1).paused().workflow();

    Optional<Workflow> applied = advance.transition().applyTo(paused);

    assertThat(applied).isEmpty();
  }

  @Test
  void aResultThatIsNotAListIsAClearError() {
    Scenario succeeded =
        Scenario.created()
            .start("t1", ARGS)
            .running(0, "t1")
            .recorded("t1", TaskState.SUCCESS, "done");
    Workflow workflow = succeeded.workflow();

    assertThatThrownBy(() -> workflow.advance(0, id("t1"), succeeded.records(), id("t2"), T1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task t1 of step 'inspect' returned done: a step's result is a non-empty list");
  }

  @Test
  void anEmptyResultIsAClearError() {
    Scenario succeeded =
        Scenario.created().start("t1", ARGS).running(0, "t1").succeeded("t1", List.of());
    Workflow workflow = succeeded.workflow();

    assertThatThrownBy(() -> workflow.advance(0, id("t1"), succeeded.records(), id("t2"), T1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a step's result is a non-empty list");
  }

  @Test
  void aWorkflowPausedBeforeItStartsHoldsStepOne() {
    Scenario paused = Scenario.created().paused();

    Decision start = paused.workflow().start(ARGS, Map.of(), id("t1"), T1);

    assertThat(start.commands()).isEmpty();
    assertThat(paused.apply(start).workflow().step(0).dispatch().held()).isTrue();
  }

  @Test
  void aRecordedRunMayRunAgainWhileItsDispatchIsCurrent() {
    Scenario running = Scenario.created().start("t1", List.of(1)).running(0, "t1");

    boolean again = running.workflow().mayRunAgain(0, id("t1"));

    assertThat(again).isTrue();
  }

  @Test
  void aRecordedRunMayNotRunAgainWhileTheWorkflowIsPaused() {
    Scenario paused = Scenario.created().start("t1", List.of(1)).running(0, "t1").paused();

    boolean again = paused.workflow().mayRunAgain(0, id("t1"));

    assertThat(again).isFalse();
  }

  @Test
  void aRecordedRunMayNotRunAgainOnceANewerDispatchSupersededIt() {
    Scenario superseded =
        Scenario.created().start("t1", List.of(1)).running(0, "t1").resumed(true, null, "t2");

    boolean again = superseded.workflow().mayRunAgain(0, id("t1"));

    assertThat(again).isFalse();
  }

  @Test
  void aRunWhoseLeasedHeartbeatCameAfterItsMessageWasSentIsHeldByLease() {
    Scenario leased = Scenario.created().start("t1", List.of(1)).running(0, "t1");
    leased = leased.apply(leased.workflow().heartbeat(0, new Heartbeat(id("t1"), T1, true)));

    assertThat(leased.workflow().heldByLease(0, id("t1"))).isTrue();
    assertThat(leased.workflow().heldByLease(0, id("t2"))).as("another task").isFalse();
  }

  @Test
  void aRunHeldByItsMessageIsNotHeldByLease() {
    Scenario beating = Scenario.created().start("t1", List.of(1)).running(0, "t1");
    beating = beating.apply(beating.workflow().heartbeat(0, new Heartbeat(id("t1"), T1, false)));

    assertThat(beating.workflow().heldByLease(0, id("t1"))).isFalse();
    assertThat(Scenario.created().start("t1", List.of(1)).running(0, "t1").workflow())
        .as("no heartbeat yet")
        .matches(workflow -> !workflow.heldByLease(0, id("t1")));
  }

  @Test
  void aLeaseIsNoLongerHeldOnceTheReconcilerSentTheTaskAgain() {
    Scenario leased = Scenario.created().start("t1", List.of(1)).running(0, "t1");
    leased = leased.apply(leased.workflow().heartbeat(0, new Heartbeat(id("t1"), T1, true)));
    Instant expired = T1.plus(Duration.ofMinutes(3));

    Scenario resent =
        leased.apply(
            leased
                .workflow()
                .redispatchExpiredLease(expired, Duration.ofMinutes(2), leased.records())
                .orElseThrow());

    assertThat(resent.workflow().heldByLease(0, id("t1"))).isFalse();
  }
}
