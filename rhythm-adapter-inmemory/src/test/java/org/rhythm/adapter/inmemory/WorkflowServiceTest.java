package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.InvalidWorkflowSpecException;
import org.rhythm.domain.workflow.Step;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowAlreadyStartedException;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports.Admission;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowNotFoundException;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.in.WorkflowViewPage;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.WorkflowQuery;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.testkit.fixture.Race;
import org.rhythm.testkit.fixture.Workflows;
import org.rhythm.testkit.time.MutableClock;

/**
 * The workflow service (DESIGN.md §3, §4, §8) on the in-memory store and broker, the test playing
 * the worker through the service's task reports.
 */
class WorkflowServiceTest {
  static final String QUEUE = "q";
  static final String WORKER = "w1@host";
  static final Duration LEASE = Duration.ofMinutes(10);
  static final List<Object> ARGS = List.of("input");

  /** How long to wait for the broker's threads to hand over what was published or revoked. */
  static final Duration DEADLINE = Duration.ofSeconds(10);

  private static final ViewOptions ALL_RUNS = new ViewOptions(true, true);
  private static final TaskFailure BOOM =
      new TaskFailure("ValueError", List.of("bad input"), "builtins");

  private final MutableClock clock = new MutableClock();
  private final InMemoryResultStore store = new InMemoryResultStore();
  private final InMemoryBroker broker = new InMemoryBroker();
  private final ServiceSettings settings = new ServiceSettings(QUEUE, LEASE, 64);
  private final WorkflowService service =
      new WorkflowService(store, broker, clock, Ids.random(), settings);
  private final Published published = new Published(broker, QUEUE);
  private final Revocations revocations = new Revocations(broker);
  private final String appId = Workflows.newAppId();

  @AfterEach
  void closeBroker() {
    broker.close();
  }

  // ---- create

  @Test
  void createRejectsAnInvalidSpecListingEveryProblemAndStoresNothing() {
    WorkflowSpec spec =
        new WorkflowSpec(
            "",
            appId,
            null,
            List.of(
                new StepSpec("inspect", "", null, null, null),
                new StepSpec("inspect", "archive", " ", 12, null)));

    Throwable thrown = catchThrowable(() -> service.create(spec));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            InvalidWorkflowSpecException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "name is empty",
                        "steps[0].task is empty",
                        "steps[1].queue is empty",
                        "steps[1].priority is 12, not between 0 and 9",
                        "duplicate step names: [inspect]"));
    assertThat(service.list(WorkflowQuery.all(10).withAppId(appId), ViewOptions.DEFAULT).total())
        .isZero();
  }

  @Test
  void createStoresAPendingWorkflowWithTheDefaultQueueOnStepsThatNameNone() {
    WorkflowSpec spec =
        WorkflowSpec.of(
            "archive",
            appId,
            StepSpec.of("one", "task_1"),
            StepSpec.of("two", "task_2").onQueue("big"));

    WorkflowId id = service.create(spec);

    Workflow stored = store.find(id).orElseThrow();
    assertThat(stored.steps()).extracting(Step::queue).containsExactly(QUEUE, "big");
    assertThat(stored.storedStatus()).isEqualTo(WorkflowStatus.PENDING);
    assertThat(stored.createdAt()).isEqualTo(clock.instant());
    assertThat(service.view(id, ViewOptions.DEFAULT).status()).isEqualTo(WorkflowStatus.PENDING);
    assertThat(published.drain()).isEmpty();
  }

  // ---- start

  @Test
  void startPublishesStepOneWithPriorityOneAndTheStartArguments() {
    WorkflowId id = created(3);

    service.start(id, ARGS, Map.of());

    TaskMessage message = published.one();
    assertThat(message.task()).isEqualTo("task_1");
    assertThat(message.queue()).isEqualTo(QUEUE);
    assertThat(message.args()).isEqualTo(ARGS);
    assertThat(message.priority()).isEqualTo(new TaskPriority(1));
    assertThat(message.retries()).isZero();
    assertThat(message.taskId()).isEqualTo(dispatchOf(id, 0).taskId());
    assertThat(stored(id).startArgs()).isEqualTo(ARGS);
    // sca_rhythm's rule: step 1 stays PENDING until a worker starts it.
    assertThat(stored(id).storedStatus()).isEqualTo(WorkflowStatus.PENDING);
  }

  @Test
  void startKwargsOverlayStepKwargsAndTheReservedKeysOverlayBoth() {
    Map<String, Object> stepKwargs = new LinkedHashMap<>();
    stepKwargs.put("a", "step");
    stepKwargs.put("b", "step");
    stepKwargs.put("workflow_id", "forged");
    stepKwargs.put("app_id", "forged");
    WorkflowId id =
        service.create(
            WorkflowSpec.of("kw", appId, StepSpec.of("inspect", "task_1").withKwargs(stepKwargs)));
    Map<String, Object> startKwargs = Map.of("b", "start", "c", "start", "step", "forged");

    service.start(id, ARGS, startKwargs);

    assertThat(published.one().kwargs())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "a", "step",
                "b", "start",
                "c", "start",
                "workflow_id", id.value(),
                "step", "inspect",
                "app_id", appId));
    assertThat(stored(id).step(0).kwargs()).isEqualTo(stepKwargs);
  }

  @Test
  void startingAWorkflowTwiceIsRefused() {
    WorkflowId id = started(2).id;

    Throwable thrown = catchThrowable(() -> service.start(id, ARGS, Map.of()));

    assertThat(thrown)
        .isInstanceOfSatisfying(
            WorkflowAlreadyStartedException.class, e -> assertThat(e.workflowId()).isEqualTo(id));
    assertThat(published.drain()).isEmpty();
  }

  // ---- unknown ids

  @Test
  void viewOfAnUnknownWorkflowIsNotFound() {
    WorkflowId unknown = Workflows.newId();

    Throwable thrown = catchThrowable(() -> service.view(unknown, ViewOptions.DEFAULT));

    assertNotFound(thrown, unknown);
  }

  @Test
  void startOfAnUnknownWorkflowIsNotFound() {
    WorkflowId unknown = Workflows.newId();

    Throwable thrown = catchThrowable(() -> service.start(unknown, ARGS, Map.of()));

    assertNotFound(thrown, unknown);
    assertThat(published.drain()).isEmpty();
  }

  @Test
  void pauseOfAnUnknownWorkflowIsNotFound() {
    WorkflowId unknown = Workflows.newId();

    Throwable thrown = catchThrowable(() -> service.pause(unknown));

    assertNotFound(thrown, unknown);
  }

  @Test
  void resumeOfAnUnknownWorkflowIsNotFound() {
    WorkflowId unknown = Workflows.newId();

    Throwable thrown = catchThrowable(() -> service.resume(unknown, true, ARGS));

    assertNotFound(thrown, unknown);
    assertThat(published.drain()).isEmpty();
  }

  // ---- the step lifecycle

  @Test
  void aSucceededStepDispatchesTheNextWithTheFirstElementOfItsResult() {
    Run run = running(3);

    service.succeeded(run.attempt(), List.of("out", "extra"));

    TaskMessage next = published.one();
    assertThat(next.task()).isEqualTo("task_2");
    assertThat(next.args()).containsExactly("out");
    assertThat(next.priority()).isEqualTo(new TaskPriority(2));
    assertThat(next.kwargs())
        .containsEntry("step", "step 2")
        .containsEntry("workflow_id", run.id.value());
    assertThat(next.taskId()).isNotEqualTo(run.message.taskId());
    assertThat(view(run.id).stepsDone()).isEqualTo(1);
  }

  @Test
  void aSuccessReportedTwiceDispatchesTheNextStepOnce() {
    Run run = running(2);

    service.succeeded(run.attempt(), List.of("out"));
    service.succeeded(run.attempt(), List.of("other"));

    assertThat(published.drain())
        .singleElement()
        .satisfies(m -> assertThat(m.args()).containsExactly("out"));
    assertThat(record(run.message.taskId()).result()).isEqualTo(List.of("out"));
  }

  @Test
  void aRedeliveredMessageOfASucceededTaskIsSkippedAndSendsNothing() {
    Run run = running(2);
    service.succeeded(run.attempt(), List.of("out"));
    published.one();

    Admission admission = service.starting(run.attempt());

    assertThat(admission).isEqualTo(Admission.SKIP);
    assertThat(published.drain()).isEmpty();
    assertThat(stored(run.id).step(0).taskRuns()).hasSize(1);
  }

  @Test
  void theLastStepsSuccessMakesTheWorkflowSucceed() {
    Run run = running(1);

    service.succeeded(run.attempt(), List.of("done"));

    WorkflowView view = view(run.id);
    assertThat(view.status()).isEqualTo(WorkflowStatus.SUCCESS);
    assertThat(view.stepsDone()).isEqualTo(1);
    assertThat(idsWithStatus(Set.of(WorkflowStatus.SUCCESS))).containsExactly(run.id);
    assertThat(published.drain()).isEmpty();
  }

  @Test
  void aFailedStepMakesTheWorkflowFail() {
    Run run = running(2);

    service.failed(run.attempt(), BOOM, "Traceback: boom");

    TaskRecord record = record(run.message.taskId());
    assertThat(record.state()).isEqualTo(TaskState.FAILURE);
    assertThat(record.result()).isEqualTo(BOOM.toJson());
    assertThat(record.traceback()).isEqualTo("Traceback: boom");
    assertThat(record.dateDone()).isEqualTo(clock.instant());
    assertThat(view(run.id).status()).isEqualTo(WorkflowStatus.FAILURE);
    assertThat(idsWithStatus(Set.of(WorkflowStatus.FAILURE))).containsExactly(run.id);
  }

  @Test
  void aProgressReportIsVisibleInTheLastRun() {
    Run run = running(1);

    service.progress(run.attempt(), Map.of("done", 3L, "total", 10L));

    assertThat(view(run.id).steps().get(0).lastTaskRun().record().result())
        .isEqualTo(Map.of("done", 3L, "total", 10L));
  }

  @Test
  void aProgressReportAfterSuccessDoesNotChangeTheRecord() {
    Run run = running(1);
    service.succeeded(run.attempt(), List.of("done"));
    TaskRecord done = record(run.message.taskId());

    service.progress(run.attempt(), Map.of("done", 9L));

    assertThat(record(run.message.taskId())).isEqualTo(done);
    assertThat(view(run.id).status()).isEqualTo(WorkflowStatus.SUCCESS);
  }

  @Test
  void aStepsOwnPriorityOverridesItsPosition() {
    WorkflowId id =
        service.create(
            WorkflowSpec.of(
                "prio",
                appId,
                StepSpec.of("one", "task_1"),
                StepSpec.of("two", "task_2").withPriority(7)));
    service.start(id, ARGS, Map.of());
    Run first = new Run(id, published.one());
    service.starting(first.attempt());

    service.succeeded(first.attempt(), List.of("out"));

    assertThat(published.one().priority()).isEqualTo(new TaskPriority(7));
  }

  @Test
  void aTaskOfADeletedWorkflowIsSkippedAndRecordedRevoked() {
    Started started = started(2);
    service.delete(started.id, false);

    Admission admission = service.starting(new TaskAttempt(started.message, WORKER));

    assertThat(admission).isEqualTo(Admission.SKIP);
    assertThat(record(started.message.taskId()).state()).isEqualTo(TaskState.REVOKED);
  }

  @Test
  void aSuccessInADeletedWorkflowIsRecordedAndSendsNothing() {
    Run run = running(2);
    service.delete(run.id, false);

    service.succeeded(run.attempt(), List.of("out"));

    assertThat(record(run.message.taskId()).state()).isEqualTo(TaskState.SUCCESS);
    assertThat(published.drain()).isEmpty();
  }

  // ---- resume

  @Test
  void resumeAfterAFailureSendsTheStepAgainWithItsPreviousArgsUnderANewTaskId() {
    Run run = failed(2);

    ResumeResult result = service.resume(run.id, false, null);

    assertThat(result.resumed()).isTrue();
    assertThat(result.restartedStep()).contains(new ResumeResult.RestartedStep("step 1", "task_1"));
    TaskMessage again = published.one();
    assertThat(again.taskId()).isNotEqualTo(run.message.taskId());
    assertThat(again.args()).isEqualTo(run.message.args());
    assertThat(again.kwargs()).isEqualTo(run.message.kwargs());
    assertThat(again.priority()).isEqualTo(run.message.priority());
    assertThat(stored(run.id).resumeLock()).isEqualTo(clock.instant());
  }

  @Test
  void resumeOfAFailedLaterStepSendsThePreviousStepsFirstResultElement() {
    Run first = running(2);
    service.succeeded(first.attempt(), List.of("handed on", "dropped"));
    Run second = new Run(first.id, published.one());
    service.starting(second.attempt());
    service.failed(second.attempt(), BOOM, null);

    service.resume(first.id, false, null);

    TaskMessage again = published.one();
    assertThat(again.task()).isEqualTo("task_2");
    assertThat(again.args()).containsExactly("handed on");
    assertThat(again.taskId()).isNotEqualTo(second.message.taskId());
  }

  @Test
  void resumeWithArgumentsSendsThoseArguments() {
    Run run = failed(1);

    service.resume(run.id, false, List.of("fixed"));

    assertThat(published.one().args()).containsExactly("fixed");
  }

  @Test
  void resumeOfStepOneSendsTheStartKwargsAgain() {
    WorkflowId id = created(1);
    service.start(id, ARGS, Map.of("mode", "fast"));
    Run run = new Run(id, published.one());
    service.starting(run.attempt());
    service.failed(run.attempt(), BOOM, null);

    service.resume(id, false, null);

    assertThat(published.one().kwargs()).containsEntry("mode", "fast");
  }

  @Test
  void resumeOfARunningWorkflowIsRefusedWithAReason() {
    Run run = running(2);

    ResumeResult result = service.resume(run.id, false, null);

    assertThat(result.resumed()).isFalse();
    assertThat(result.restartedStep()).isEmpty();
    assertThat(result.reason()).contains("STARTED");
    assertThat(published.drain()).isEmpty();
    assertThat(revocations.drain()).isEmpty();
  }

  @Test
  void forcedResumeOfARunningWorkflowRevokesTheRunningTaskAndSendsTheStepAgain() {
    Run run = running(2);

    ResumeResult result = service.resume(run.id, true, null);

    assertThat(result.resumed()).isTrue();
    assertThat(revocations.drain()).containsExactly(run.message.taskId());
    TaskMessage again = published.one();
    assertThat(again.taskId()).isNotEqualTo(run.message.taskId());
    assertThat(again.args()).isEqualTo(ARGS);
  }

  @Test
  void aSecondResumeIsRefusedWhileTheResumedStepHasNotStarted() {
    Run run = failed(2);
    service.resume(run.id, false, null);
    published.one();

    ResumeResult second = service.resume(run.id, false, null);

    assertThat(second.resumed()).isFalse();
    assertThat(second.reason()).contains("being resumed");
    assertThat(published.drain()).isEmpty();
  }

  @Test
  void aResumeIsAcceptedAgainOnceAWorkerStartedTheResumedStep() {
    Run run = failed(2);
    service.resume(run.id, false, null);
    Run resumed = new Run(run.id, published.one());
    service.starting(resumed.attempt());
    service.failed(resumed.attempt(), BOOM, null);

    ResumeResult again = service.resume(run.id, false, null);

    assertThat(again.resumed()).isTrue();
    assertThat(published.one().taskId()).isNotIn(run.message.taskId(), resumed.message.taskId());
  }

  @Test
  void aResumeLockStillBlocksJustBeforeItsLeasePasses() {
    Run run = failed(2);
    service.resume(run.id, false, null);
    published.one();
    clock.advance(LEASE.minusMillis(1));

    ResumeResult second = service.resume(run.id, false, null);

    assertThat(second.resumed()).isFalse();
    assertThat(published.drain()).isEmpty();
  }

  @Test
  void aResumeLockNoLongerBlocksOnceItsLeasePassed() {
    Run run = failed(2);
    service.resume(run.id, false, null);
    TaskMessage first = published.one();
    clock.advance(LEASE);

    ResumeResult second = service.resume(run.id, false, null);

    assertThat(second.resumed()).isTrue();
    assertThat(published.one().taskId()).isNotEqualTo(first.taskId());
    assertThat(revocations.drain()).containsExactly(first.taskId());
  }

  @Test
  void forceOverridesTheResumeLockAndRevokesTheUnstartedResumedTask() {
    Run run = failed(2);
    service.resume(run.id, false, null);
    TaskMessage first = published.one();

    ResumeResult forced = service.resume(run.id, true, null);

    assertThat(forced.resumed()).isTrue();
    assertThat(revocations.drain()).containsExactly(first.taskId());
    TaskMessage second = published.one();
    assertThat(second.taskId()).isNotIn(first.taskId(), run.message.taskId());
    assertThat(second.args()).isEqualTo(ARGS);
  }

  @Test
  void resumeOfAStepThatNeverStartedUsesItsDispatchArguments() {
    Started started = started(2);
    service.pause(started.id);

    ResumeResult result = service.resume(started.id, false, null);

    assertThat(result.resumed()).isTrue();
    TaskMessage again = published.one();
    assertThat(again.args()).isEqualTo(ARGS);
    assertThat(again.taskId()).isNotEqualTo(started.message.taskId());
  }

  // ---- pause

  @Test
  void pauseOfARunningStepRevokesItsTaskAndNamesIt() {
    Run run = running(2);

    PauseResult result = service.pause(run.id);

    assertThat(result.paused()).isTrue();
    assertThat(result.revokedStep())
        .hasValueSatisfying(
            step -> {
              assertThat(step.taskId()).isEqualTo(run.message.taskId().value());
              assertThat(step.task()).isEqualTo("task_1");
              assertThat(step.name()).isEqualTo("step 1");
            });
    assertThat(revocations.drain()).containsExactly(run.message.taskId());
    WorkflowView view = view(run.id);
    assertThat(view.status()).isEqualTo(WorkflowStatus.REVOKED);
    assertThat(view.paused()).isTrue();
    assertThat(idsWithStatus(Set.of(WorkflowStatus.REVOKED))).containsExactly(run.id);
  }

  @Test
  void aSecondPauseChangesNothing() {
    Run run = running(2);
    service.pause(run.id);
    revocations.drain();

    PauseResult second = service.pause(run.id);

    assertThat(second).isEqualTo(PauseResult.notPaused());
    assertThat(revocations.drain()).isEmpty();
  }

  @Test
  void aStepThatSucceedsWhilePausedHoldsTheNextDispatch() {
    Run run = running(2);
    service.pause(run.id);

    service.succeeded(run.attempt(), List.of("out"));

    assertThat(published.drain()).isEmpty();
    Dispatch held = dispatchOf(run.id, 1);
    assertThat(held.held()).isTrue();
    assertThat(held.args()).containsExactly("out");
    assertThat(view(run.id).status()).isEqualTo(WorkflowStatus.REVOKED);
  }

  @Test
  void resumeOfAWorkflowPausedBetweenStepsPublishesTheHeldStep() {
    Run run = running(2);
    service.pause(run.id);
    service.succeeded(run.attempt(), List.of("out"));
    Dispatch held = dispatchOf(run.id, 1);

    ResumeResult result = service.resume(run.id, false, null);

    assertThat(result.restartedStep()).contains(new ResumeResult.RestartedStep("step 2", "task_2"));
    TaskMessage next = published.one();
    assertThat(next.task()).isEqualTo("task_2");
    assertThat(next.args()).containsExactly("out");
    assertThat(next.taskId()).isNotEqualTo(held.taskId());
    assertThat(stored(run.id).isPaused()).isFalse();
  }

  @Test
  void aWorkflowPausedBeforeItStartsHoldsItsFirstStep() {
    WorkflowId id = created(2);
    service.pause(id);

    service.start(id, ARGS, Map.of());

    assertThat(published.drain()).isEmpty();
    assertThat(dispatchOf(id, 0).held()).isTrue();
    assertThat(view(id).status()).isEqualTo(WorkflowStatus.REVOKED);
  }

  @Test
  void pauseOfASucceededWorkflowIsRefused() {
    Run run = running(1);
    service.succeeded(run.attempt(), List.of("done"));

    PauseResult result = service.pause(run.id);

    assertThat(result).isEqualTo(PauseResult.notPaused());
    assertThat(revocations.drain()).isEmpty();
    assertThat(stored(run.id).isPaused()).isFalse();
  }

  @Test
  void aTaskStartingInAPausedWorkflowIsSkippedAndRecordedRevoked() {
    Started started = started(2);
    service.pause(started.id);

    Admission admission = service.starting(new TaskAttempt(started.message, WORKER));

    assertThat(admission).isEqualTo(Admission.SKIP);
    TaskRecord record = record(started.message.taskId());
    assertThat(record.state()).isEqualTo(TaskState.REVOKED);
    assertThat(record.result()).isEqualTo(TaskFailure.revokedBeforeStart().toJson());
    assertThat(stored(started.id).step(0).taskRuns()).isEmpty();
  }

  // ---- view

  @Test
  void aViewCountsTheDoneStepsAndShowsEachStepsStatusAndLastRun() {
    Run first = running(3);
    Instant firstStart = clock.instant();
    clock.advance(Duration.ofSeconds(5));
    service.succeeded(first.attempt(), List.of("out"));
    clock.advance(Duration.ofSeconds(5));
    Run second = new Run(first.id, published.one());
    service.starting(second.attempt());

    WorkflowView view = service.view(first.id, ViewOptions.DEFAULT);

    assertThat(view.id()).isEqualTo(first.id);
    assertThat(view.name()).isEqualTo("test workflow");
    assertThat(view.appId()).isEqualTo(appId);
    assertThat(view.createdAt()).isEqualTo(MutableClock.DEFAULT_START);
    assertThat(view.updatedAt()).isEqualTo(clock.instant());
    assertThat(view.status()).isEqualTo(WorkflowStatus.STARTED);
    assertThat(view.stepsDone()).isEqualTo(1);
    assertThat(view.totalSteps()).isEqualTo(3);
    assertThat(view.steps())
        .extracting(StepView::name, StepView::task, StepView::status)
        .containsExactly(
            tuple("step 1", "task_1", TaskState.SUCCESS),
            tuple("step 2", "task_2", TaskState.STARTED),
            tuple("step 3", "task_3", TaskState.PENDING));
    StepView done = view.steps().get(0);
    assertThat(done.lastTaskRun().dateStart()).isEqualTo(firstStart);
    assertThat(done.lastTaskRun().record()).isEqualTo(record(first.message.taskId()));
    assertThat(done.prevTaskRuns()).isNull();
    assertThat(view.steps().get(1).lastTaskRun().dateStart()).isEqualTo(clock.instant());
    assertThat(view.steps().get(2).lastTaskRun()).isNull();
    assertThat(view.steps()).allSatisfy(step -> assertThat(step.lastRunIncluded()).isTrue());
  }

  @Test
  void aViewWithPreviousRunsListsTheEarlierRunsOldestFirst() {
    Run first = failed(2);
    Instant firstStart = clock.instant();
    clock.advance(Duration.ofSeconds(5));
    service.resume(first.id, false, null);
    Run second = new Run(first.id, published.one());
    service.starting(second.attempt());
    service.failed(second.attempt(), BOOM, null);
    clock.advance(Duration.ofSeconds(5));
    service.resume(first.id, false, null);
    Run third = new Run(first.id, published.one());
    service.starting(third.attempt());

    WorkflowView view = service.view(first.id, ALL_RUNS);

    StepView step = view.steps().get(0);
    assertThat(step.prevTaskRuns())
        .extracting(
            run -> run.record().taskId(), run -> run.record().state(), run -> run.dateStart())
        .containsExactly(
            tuple(first.message.taskId(), TaskState.FAILURE, firstStart),
            tuple(second.message.taskId(), TaskState.FAILURE, firstStart.plusSeconds(5)));
    assertThat(step.lastTaskRun().record().taskId()).isEqualTo(third.message.taskId());
    assertThat(step.status()).isEqualTo(TaskState.STARTED);
    assertThat(view.steps().get(1).prevTaskRuns()).isEmpty();
  }

  @Test
  void aViewWithoutRunsLeavesThemOut() {
    Run run = running(2);

    WorkflowView view = service.view(run.id, new ViewOptions(false, false));

    assertThat(view.steps())
        .allSatisfy(
            step -> {
              assertThat(step.lastRunIncluded()).isFalse();
              assertThat(step.lastTaskRun()).isNull();
              assertThat(step.prevTaskRuns()).isNull();
            });
    assertThat(view.steps().get(0).status()).isEqualTo(TaskState.STARTED);
  }

  // ---- list and counts

  @Test
  void listFiltersByAppId() {
    WorkflowId mine = created(1);
    service.create(Workflows.spec(Workflows.newAppId(), 1));

    WorkflowViewPage page =
        service.list(WorkflowQuery.all(10).withAppId(appId), ViewOptions.DEFAULT);

    assertThat(page.total()).isEqualTo(1);
    assertThat(page.results()).extracting(WorkflowView::id).containsExactly(mine);
  }

  @Test
  void listFiltersByIds() {
    WorkflowId first = created(1);
    created(1);
    WorkflowId third = created(1);

    WorkflowViewPage page =
        service.list(
            WorkflowQuery.all(10)
                .withAppId(appId)
                .withIds(List.of(first, third, Workflows.newId())),
            ViewOptions.DEFAULT);

    assertThat(page.total()).isEqualTo(2);
    assertThat(page.results()).extracting(WorkflowView::id).containsExactlyInAnyOrder(first, third);
  }

  @Test
  void listWithTheActiveGroupFindsPendingAndStartedWorkflows() {
    Map<WorkflowStatus, WorkflowId> byStatus = oneWorkflowInEachStatus();

    List<WorkflowId> found = idsWithStatus(WorkflowStatus.ACTIVE);

    assertThat(found)
        .containsExactlyInAnyOrder(
            byStatus.get(WorkflowStatus.PENDING), byStatus.get(WorkflowStatus.STARTED));
  }

  @Test
  void listWithTheExceptionGroupFindsFailedAndRevokedWorkflows() {
    Map<WorkflowStatus, WorkflowId> byStatus = oneWorkflowInEachStatus();

    List<WorkflowId> found = idsWithStatus(WorkflowStatus.EXCEPTION);

    assertThat(found)
        .containsExactlyInAnyOrder(
            byStatus.get(WorkflowStatus.FAILURE), byStatus.get(WorkflowStatus.REVOKED));
  }

  @Test
  void listWithTheDoneGroupFindsSucceededFailedAndRevokedWorkflows() {
    Map<WorkflowStatus, WorkflowId> byStatus = oneWorkflowInEachStatus();

    List<WorkflowId> found = idsWithStatus(WorkflowStatus.DONE);

    assertThat(found)
        .containsExactlyInAnyOrder(
            byStatus.get(WorkflowStatus.SUCCESS),
            byStatus.get(WorkflowStatus.FAILURE),
            byStatus.get(WorkflowStatus.REVOKED));
  }

  @Test
  void listFiltersOnTheCachedStatusNotTheLiveOne() {
    WorkflowId id = created(1);
    store.apply(
        id, new Transition(List.of(), List.of(new Change.SetStatus(WorkflowStatus.FAILURE))));

    WorkflowViewPage page =
        service.list(
            WorkflowQuery.all(10).withAppId(appId).withStatuses(Set.of(WorkflowStatus.FAILURE)),
            ViewOptions.DEFAULT);

    assertThat(page.results())
        .singleElement()
        .satisfies(
            view -> {
              assertThat(view.id()).isEqualTo(id);
              assertThat(view.status()).isEqualTo(WorkflowStatus.PENDING);
            });
  }

  @Test
  void listPagesNewestFirstWithTheTotalOfAllMatches() {
    List<WorkflowId> oldestFirst = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      oldestFirst.add(created(1));
      clock.advance(Duration.ofSeconds(1));
    }

    WorkflowViewPage page =
        service.list(WorkflowQuery.all(2).withAppId(appId).withSkip(1), ViewOptions.DEFAULT);

    assertThat(page.total()).isEqualTo(5);
    assertThat(page.skip()).isEqualTo(1);
    assertThat(page.limit()).isEqualTo(2);
    assertThat(page.results())
        .extracting(WorkflowView::id)
        .containsExactly(oldestFirst.get(3), oldestFirst.get(2));
  }

  @Test
  void countsByStatusHasTheFiveStandardStatusesEvenWhenNoWorkflowHasThem() {
    String emptyApp = Workflows.newAppId();

    Map<WorkflowStatus, Long> counts = service.countsByStatus(emptyApp);

    assertThat(counts)
        .containsOnlyKeys(WorkflowStatus.STANDARD)
        .allSatisfy((status, count) -> assertThat(count).isZero());
  }

  @Test
  void countsByStatusCountsTheCachedStatusOfTheAppsWorkflows() {
    oneWorkflowInEachStatus();
    created(1);
    service.create(Workflows.spec(Workflows.newAppId(), 1));

    Map<WorkflowStatus, Long> counts = service.countsByStatus(appId);

    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                WorkflowStatus.PENDING, 2L,
                WorkflowStatus.STARTED, 1L,
                WorkflowStatus.FAILURE, 1L,
                WorkflowStatus.REVOKED, 1L,
                WorkflowStatus.SUCCESS, 1L));
  }

  // ---- delete

  @Test
  void deleteRevokesTheLiveTaskAndRemovesTheWorkflow() {
    Run run = running(2);

    boolean deleted = service.delete(run.id, false);

    assertThat(deleted).isTrue();
    assertThat(revocations.drain()).containsExactly(run.message.taskId());
    assertThat(store.find(run.id)).isEmpty();
    assertThat(store.tasks(List.of(run.message.taskId())).find(run.message.taskId())).isPresent();
  }

  @Test
  void deleteOfAnUnknownWorkflowReturnsFalse() {
    WorkflowId unknown = Workflows.newId();

    boolean deleted = service.delete(unknown, true);

    assertThat(deleted).isFalse();
  }

  @Test
  void deleteWithTasksRemovesTheTaskRecords() {
    Run first = running(2);
    service.succeeded(first.attempt(), List.of("out"));
    Run second = new Run(first.id, published.one());
    service.starting(second.attempt());

    boolean deleted = service.delete(first.id, true);

    assertThat(deleted).isTrue();
    assertThat(store.tasks(List.of(first.message.taskId(), second.message.taskId())).records())
        .isEmpty();
    assertThat(revocations.drain()).containsExactly(second.message.taskId());
  }

  // ---- concurrency (DESIGN.md §8)

  @Test
  void fiftyConcurrentResumesThroughTwoServicesResumeOnceAndPublishOnce() {
    Run run = failed(2);
    WorkflowService other = new WorkflowService(store, broker, clock, Ids.random(), settings);
    List<WorkflowService> services = List.of(service, other);

    List<ResumeResult> results =
        Race.run(50, caller -> services.get(caller % 2).resume(run.id, false, null));

    assertThat(results).filteredOn(ResumeResult::resumed).hasSize(1);
    assertThat(published.drain()).hasSize(1);
  }

  @Test
  void fiftyConcurrentPausesPauseOnce() {
    Run run = running(2);

    List<PauseResult> results = Race.run(50, caller -> service.pause(run.id));

    assertThat(results).filteredOn(PauseResult::paused).hasSize(1);
    assertThat(revocations.drain()).containsExactly(run.message.taskId());
  }

  @Test
  void fiftyConcurrentPausesAndResumesResumeOnceAndPublishOnce() {
    Run run = failed(2);

    List<Object> results =
        Race.run(
            50,
            caller ->
                caller % 2 == 0 ? service.resume(run.id, false, null) : service.pause(run.id));

    assertThat(results)
        .filteredOn(result -> result instanceof ResumeResult resume && resume.resumed())
        .hasSize(1);
    assertThat(published.drain()).hasSize(1);
  }

  // ---- arranging

  /** A started workflow and the message of its first step, which no worker received yet. */
  record Started(WorkflowId id, TaskMessage message) {}

  /** A task message of a workflow that the test, as the worker, runs. */
  record Run(WorkflowId id, TaskMessage message) {
    TaskAttempt attempt() {
      return new TaskAttempt(message, WORKER);
    }
  }

  private WorkflowId created(int steps) {
    return service.create(Workflows.spec(appId, steps));
  }

  private Started started(int steps) {
    WorkflowId id = created(steps);
    service.start(id, ARGS, Map.of());
    return new Started(id, published.one());
  }

  /** A workflow whose first step a worker started. */
  private Run running(int steps) {
    Started started = started(steps);
    Run run = new Run(started.id, started.message);
    assertThat(service.starting(run.attempt())).isEqualTo(Admission.RUN);
    return run;
  }

  /** A workflow whose first step failed. */
  private Run failed(int steps) {
    Run run = running(steps);
    service.failed(run.attempt(), BOOM, "Traceback: boom");
    return run;
  }

  /** One workflow of this test's app in each of the five standard statuses. */
  private Map<WorkflowStatus, WorkflowId> oneWorkflowInEachStatus() {
    Map<WorkflowStatus, WorkflowId> byStatus = new LinkedHashMap<>();
    byStatus.put(WorkflowStatus.PENDING, created(1));
    byStatus.put(WorkflowStatus.STARTED, running(1).id);
    byStatus.put(WorkflowStatus.FAILURE, failed(1).id);
    Run succeeded = running(1);
    service.succeeded(succeeded.attempt(), List.of("done"));
    byStatus.put(WorkflowStatus.SUCCESS, succeeded.id);
    Run paused = running(1);
    service.pause(paused.id);
    byStatus.put(WorkflowStatus.REVOKED, paused.id);
    byStatus.forEach(
        (status, id) -> assertThat(stored(id).storedStatus()).as("_status").isEqualTo(status));
    return byStatus;
  }

  // ---- reading

  private Workflow stored(WorkflowId id) {
    return store.find(id).orElseThrow();
  }

  private Dispatch dispatchOf(WorkflowId id, int step) {
    return stored(id).step(step).lastDispatch().orElseThrow();
  }

  private TaskRecord record(TaskId taskId) {
    return store.tasks(List.of(taskId)).find(taskId).orElseThrow();
  }

  private WorkflowView view(WorkflowId id) {
    return service.view(id, ALL_RUNS);
  }

  private List<WorkflowId> idsWithStatus(Set<WorkflowStatus> statuses) {
    return service
        .list(WorkflowQuery.all(100).withAppId(appId).withStatuses(statuses), ViewOptions.DEFAULT)
        .results()
        .stream()
        .map(WorkflowView::id)
        .toList();
  }

  private static void assertNotFound(Throwable thrown, WorkflowId id) {
    assertThat(thrown)
        .isInstanceOfSatisfying(
            WorkflowNotFoundException.class, e -> assertThat(e.workflowId()).isEqualTo(id));
  }

  // ---- observing the broker

  /**
   * The messages published to one queue, received by a consumer of the real in-memory broker. To
   * know deterministically what was published up to now, {@link #drain()} publishes a sentinel of
   * the lowest priority after it: the queue hands out earlier messages of any priority before it.
   */
  static final class Published {
    private final Broker broker;
    private final String queue;
    private final BlockingQueue<TaskMessage> received = new LinkedBlockingQueue<>();

    Published(InMemoryBroker broker, String queue) {
      this.broker = broker;
      this.queue = queue;
      broker.consume(
          queue,
          1_000,
          delivery -> {
            received.add(delivery.message());
            delivery.ack();
          });
    }

    /** Every message published since the last drain, in delivery order. */
    List<TaskMessage> drain() {
      TaskId sentinel = TaskId.of("sentinel-" + UUID.randomUUID());
      broker.publish(
          new TaskMessage(
              sentinel, "sentinel", queue, List.of(), Map.of(), new TaskPriority(0), 0));
      List<TaskMessage> messages = new ArrayList<>();
      for (TaskMessage message = next(); !message.taskId().equals(sentinel); message = next()) {
        messages.add(message);
      }
      return messages;
    }

    /** The one message published since the last drain. */
    TaskMessage one() {
      List<TaskMessage> messages = drain();
      assertThat(messages).as("messages published").hasSize(1);
      return messages.get(0);
    }

    private TaskMessage next() {
      return poll(received);
    }
  }

  /**
   * The revocations broadcast, heard by a listener on the real in-memory broker; {@link #drain()}
   * broadcasts a sentinel after them, which listeners hear in order.
   */
  static final class Revocations {
    private final Broker broker;
    private final BlockingQueue<TaskId> heard = new LinkedBlockingQueue<>();

    Revocations(InMemoryBroker broker) {
      this.broker = broker;
      broker.onRevoke(heard::add);
    }

    /** Every task revoked since the last drain, in order. */
    List<TaskId> drain() {
      TaskId sentinel = TaskId.of("sentinel-" + UUID.randomUUID());
      broker.revoke(sentinel);
      List<TaskId> revoked = new ArrayList<>();
      for (TaskId id = poll(heard); !id.equals(sentinel); id = poll(heard)) {
        revoked.add(id);
      }
      return revoked;
    }
  }

  private static <T> T poll(BlockingQueue<T> queue) {
    try {
      T value = queue.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      if (value == null) {
        return fail("the broker handed over nothing within " + DEADLINE);
      }
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted", e);
    }
  }
}
