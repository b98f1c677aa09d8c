package org.rhythm.testkit.contract;

import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.partitioningBy;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.Guard;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.Step;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.WorkflowExistsException;
import org.rhythm.ports.out.WorkflowPage;
import org.rhythm.ports.out.WorkflowQuery;
import org.rhythm.testkit.contract.ResultStoreCases.ChangeCase;
import org.rhythm.testkit.contract.ResultStoreCases.GuardCase;
import org.rhythm.testkit.fixture.Race;
import org.rhythm.testkit.fixture.Tasks;
import org.rhythm.testkit.fixture.Workflows;

/**
 * The contract of {@link ResultStore}: one test per sentence of its Javadoc, the guarantees for
 * concurrent callers, and random operation sequences compared with a plain map (STYLE.md §7). Each
 * adapter has one subclass. Tests use fresh ids and their own app ids, so the store may hold other
 * data and tests may run in any order.
 */
public abstract class ResultStoreContract {
  private static final Instant T0 = Workflows.CREATED_AT;
  private static final Instant LATER = T0.plus(Duration.ofHours(1));
  private static final int CALLERS = 32;
  private static final TaskId BEATING = Tasks.newId();
  private static final int SEQUENCE_LENGTH = 100;

  /** Seeds of the sequence test; a seed that ever failed is added here. */
  private static final long[] SEEDS = {1, 2, 3, 42, 20_240_101, -7_213_466_391_502_348_011L};

  /** A store ready for use. It may already hold other tests' data. */
  protected abstract ResultStore store();

  // ---- create and find ----

  @Test
  void findsACreatedWorkflowEqualToIt() {
    Workflow workflow = Workflows.any();
    store().create(workflow);

    Optional<Workflow> found = store().find(workflow.id());

    assertThat(found).contains(workflow);
  }

  @Test
  void findsACreatedWorkflowWithEveryFieldSetEqualToIt() {
    Workflow workflow = Workflows.withEveryField();
    store().create(workflow);

    Optional<Workflow> found = store().find(workflow.id());

    assertThat(found).contains(workflow);
  }

  @Test
  void findsACreatedWorkflowWithNoOptionalFieldsEqualToIt() {
    Workflow workflow = Workflows.withNoOptionalFields();
    store().create(workflow);

    Optional<Workflow> found = store().find(workflow.id());

    assertThat(found).contains(workflow);
  }

  @Test
  void creatingAWorkflowWhoseIdIsStoredThrowsWorkflowExists() {
    Workflow stored = Workflows.any();
    store().create(stored);

    Throwable thrown = catchThrowable(() -> store().create(otherWithIdOf(stored)));

    assertThat(thrown).isInstanceOf(WorkflowExistsException.class);
  }

  @Test
  void creatingAWorkflowWhoseIdIsStoredLeavesTheStoredOneUnchanged() {
    Workflow stored = Workflows.any();
    store().create(stored);

    catchThrowable(() -> store().create(otherWithIdOf(stored)));

    assertThat(store().find(stored.id())).contains(stored);
  }

  @Test
  void ofConcurrentCreatesOfOneIdExactlyOneSucceedsAndIsStored() {
    WorkflowId id = Workflows.newId();
    List<Workflow> candidates =
        IntStream.range(0, CALLERS)
            .mapToObj(i -> Workflow.create(id, Workflows.spec(1 + i % 4), "q" + i, T0))
            .toList();

    List<Boolean> created = Race.run(CALLERS, i -> createdWithoutConflict(candidates.get(i)));

    assertThat(created).containsOnlyOnce(true);
    assertThat(store().find(id)).contains(candidates.get(created.indexOf(true)));
  }

  @Test
  void findsNothingForAnUnknownId() {
    WorkflowId unknown = Workflows.newId();

    Optional<Workflow> found = store().find(unknown);

    assertThat(found).isEmpty();
  }

  // ---- apply: guards and changes ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("guardCases")
  void appliesATransitionExactlyWhenItsGuardHolds(GuardCase guardCase) {
    Workflow stored = guardCase.stored();
    store().create(stored);
    Transition transition =
        new Transition(List.of(guardCase.guard()), List.of(new Change.SetUpdatedAt(LATER)));

    Optional<Workflow> applied = store().apply(stored.id(), transition);

    assertThat(applied.isPresent()).isEqualTo(guardCase.holds());
    assertThat(applied).isEqualTo(transition.applyTo(stored));
    assertThat(store().find(stored.id())).contains(transition.applyTo(stored).orElse(stored));
  }

  @Test
  void everyKindOfGuardIsCheckedBothHoldingAndFailing() {
    Set<Class<?>> kinds = Set.of(Guard.class.getPermittedSubclasses());

    Map<Boolean, Set<Class<?>>> checked =
        guardCases()
            .collect(partitioningBy(GuardCase::holds, mapping(c -> c.guard().getClass(), toSet())));

    assertThat(checked.get(true)).containsExactlyInAnyOrderElementsOf(kinds);
    assertThat(checked.get(false)).containsExactlyInAnyOrderElementsOf(kinds);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changeCases")
  void makesEachKindOfChangeAsTheDomainDoes(ChangeCase changeCase) {
    Workflow stored = changeCase.stored();
    store().create(stored);
    Transition transition = new Transition(List.of(), List.of(changeCase.change()));

    Optional<Workflow> applied = store().apply(stored.id(), transition);

    assertThat(applied).isEqualTo(transition.applyTo(stored));
    assertThat(store().find(stored.id())).isEqualTo(applied);
  }

  @Test
  void everyKindOfChangeIsMade() {
    Set<Class<?>> kinds = Set.of(Change.class.getPermittedSubclasses());

    Set<Class<?>> made = changeCases().map(c -> c.change().getClass()).collect(toSet());

    assertThat(made).containsExactlyInAnyOrderElementsOf(kinds);
  }

  @Test
  void makesEveryChangeOfATransitionWhoseGuardsAllHold() {
    Workflow stored = Workflows.withSteps(3);
    store().create(stored);
    Transition transition =
        new Transition(
            List.of(
                new Guard.NotPaused(), new Guard.NoRuns(0), new Guard.DispatchUnchanged(1, null)),
            ResultStoreCases.everyKindOfChange());

    Optional<Workflow> applied = store().apply(stored.id(), transition);

    assertThat(applied).isEqualTo(transition.applyTo(stored));
    assertThat(store().find(stored.id())).isEqualTo(applied);
  }

  @Test
  void makesChangesToAWorkflowWithEveryFieldSet() {
    Workflow stored = Workflows.withEveryField();
    store().create(stored);
    Transition transition = new Transition(List.of(), ResultStoreCases.everyKindOfChange());

    Optional<Workflow> applied = store().apply(stored.id(), transition);

    assertThat(applied).isEqualTo(transition.applyTo(stored));
    assertThat(store().find(stored.id())).isEqualTo(applied);
  }

  @Test
  void makesChangesToAWorkflowWithNoOptionalFields() {
    Workflow stored = Workflows.withNoOptionalFields();
    store().create(stored);
    Transition transition = new Transition(List.of(), ResultStoreCases.everyKindOfChange());

    Optional<Workflow> applied = store().apply(stored.id(), transition);

    assertThat(applied).isEqualTo(transition.applyTo(stored));
    assertThat(store().find(stored.id())).isEqualTo(applied);
  }

  @Test
  void aTransitionWithOneFailingGuardChangesNothing() {
    Workflow stored = Workflows.withSteps(3);
    store().create(stored);
    Transition transition =
        new Transition(
            List.of(new Guard.NotPaused(), new Guard.Paused()),
            ResultStoreCases.everyKindOfChange());

    Optional<Workflow> applied = store().apply(stored.id(), transition);

    assertThat(applied).isEmpty();
    assertThat(store().find(stored.id())).contains(stored);
  }

  @Test
  void applyingATransitionToAnUnknownIdReturnsNothingAndCreatesNothing() {
    WorkflowId unknown = Workflows.newId();
    Transition transition = new Transition(List.of(), List.of(new Change.SetUpdatedAt(LATER)));

    Optional<Workflow> applied = store().apply(unknown, transition);

    assertThat(applied).isEmpty();
    assertThat(store().find(unknown)).isEmpty();
  }

  @Test
  void applyReturnsTheStoredWorkflowAsChangedWithWhatOthersChangedBefore() {
    Workflow stored = Workflows.withSteps(3);
    store().create(stored);
    Transition earlier = unguarded(new Change.SetResumeLock(T0));
    store().apply(stored.id(), earlier);
    Transition transition =
        new Transition(
            List.of(new Guard.NoRuns(0)), List.of(new Change.AppendTaskRun(0, runs(1).get(0))));

    Optional<Workflow> applied = store().apply(stored.id(), transition);

    assertThat(applied).isEqualTo(transition.applyTo(earlier.applyTo(stored).orElseThrow()));
    assertThat(applied).isEqualTo(store().find(stored.id()));
  }

  // ---- apply: concurrent callers ----

  @Test
  void eachOfConcurrentCallersGetsTheWorkflowWithItsOwnChangeMade() {
    Workflow stored = Workflows.withSteps(3);
    store().create(stored);
    List<TaskRun> runs = runs(CALLERS);
    List<Transition> transitions = runs.stream().map(run -> appendOnce(0, run)).toList();

    List<Optional<Workflow>> applied =
        Race.run(transitions.size(), i -> store().apply(stored.id(), transitions.get(i)));

    for (int i = 0; i < runs.size(); i++) {
      TaskRun own = runs.get(i);
      assertThat(applied.get(i))
          .hasValueSatisfying(workflow -> assertThat(workflow.step(0).taskRuns()).contains(own));
    }
  }

  @Test
  void ofConcurrentFirstDispatchesOfAStepExactlyOneIsRecordedAndItIsTheWinners() {
    Workflow stored = Workflows.withSteps(3);
    store().create(stored);
    List<Dispatch> dispatches =
        IntStream.range(0, CALLERS).mapToObj(i -> Workflows.dispatch(Tasks.newId(), T0)).toList();
    List<Transition> transitions =
        guarded(
            new Guard.DispatchUnchanged(1, null), dispatches, d -> new Change.SetDispatch(1, d));

    List<Boolean> applied = applyConcurrently(stored.id(), transitions);

    assertThat(applied).containsOnlyOnce(true);
    assertThat(stepOf(stored.id(), 1).dispatch()).isEqualTo(dispatches.get(applied.indexOf(true)));
  }

  @Test
  void ofConcurrentFirstRunsOfAStepExactlyOneIsRecordedAndItIsTheWinners() {
    Workflow stored = Workflows.withSteps(3);
    store().create(stored);
    List<TaskRun> runs = runs(CALLERS);
    List<Transition> transitions =
        guarded(new Guard.NoRuns(0), runs, run -> new Change.AppendTaskRun(0, run));

    List<Boolean> applied = applyConcurrently(stored.id(), transitions);

    assertThat(applied).containsOnlyOnce(true);
    assertThat(stepOf(stored.id(), 0).taskRuns()).containsExactly(runs.get(applied.indexOf(true)));
  }

  @Test
  void ofConcurrentResumesExactlyOneTakesTheResumeLockAndItIsTheWinners() {
    Workflow stored = new Change.SetResumeLock(T0.minusSeconds(1)).applyTo(Workflows.withSteps(3));
    store().create(stored);
    List<Instant> locks = IntStream.range(0, CALLERS).mapToObj(i -> T0.plusMillis(1 + i)).toList();
    List<Transition> transitions =
        guarded(new Guard.ResumeLockFree(T0), locks, Change.SetResumeLock::new);

    List<Boolean> applied = applyConcurrently(stored.id(), transitions);

    assertThat(applied).containsOnlyOnce(true);
    assertThat(store().find(stored.id()).orElseThrow().resumeLock())
        .isEqualTo(locks.get(applied.indexOf(true)));
  }

  @Test
  void concurrentAppendsOfDistinctRunsAreAllKept() {
    Workflow stored = Workflows.withSteps(3);
    store().create(stored);
    List<TaskRun> runs = runs(CALLERS);
    List<Transition> transitions = runs.stream().map(run -> appendOnce(0, run)).toList();

    List<Boolean> applied = applyConcurrently(stored.id(), transitions);

    assertThat(applied).containsOnly(true);
    assertThat(stepOf(stored.id(), 0).taskRuns()).containsExactlyInAnyOrderElementsOf(runs);
  }

  @Test
  void concurrentAppendsOfOneTaskIdKeepExactlyOneRun() {
    Workflow stored = Workflows.withSteps(3);
    store().create(stored);
    TaskId taskId = Tasks.newId();
    List<TaskRun> runs =
        IntStream.range(0, CALLERS).mapToObj(i -> new TaskRun(taskId, T0.plusMillis(i))).toList();
    List<Transition> transitions = runs.stream().map(run -> appendOnce(0, run)).toList();

    List<Boolean> applied = applyConcurrently(stored.id(), transitions);

    assertThat(applied).containsOnlyOnce(true);
    assertThat(stepOf(stored.id(), 0).taskRuns()).containsExactly(runs.get(applied.indexOf(true)));
  }

  @Test
  void concurrentTransitionsKeepWhatEachOtherWrote() {
    Workflow stored = Workflows.withSteps(3);
    store().create(stored);
    List<Transition> transitions = new ArrayList<>();
    runs(24)
        .forEach(
            run ->
                transitions.add(unguarded(new Change.AppendTaskRun(transitions.size() % 3, run))));
    ResultStoreCases.everyKindOfChange().forEach(change -> transitions.add(unguarded(change)));

    List<Boolean> applied = applyConcurrently(stored.id(), transitions);

    assertThat(applied).containsOnly(true);
    assertThat(store().find(stored.id()).map(ResultStoreContract::withRunsInIdOrder))
        .contains(withRunsInIdOrder(appliedInOrder(stored, transitions)));
  }

  @Test
  void noReaderSeesPartOfATransition() {
    Workflow stored = Workflows.withSteps(2);
    store().create(stored);
    AtomicBoolean writing = new AtomicBoolean(true);

    List<Long> tornReads =
        Race.run(
            4,
            i ->
                i == 0
                    ? writeHeartbeatPairs(stored.id(), writing)
                    : tornReads(stored.id(), writing));

    assertThat(tornReads).containsOnly(0L);
  }

  // ---- tasks ----

  @Test
  void tasksAreTheRecordsOfTheAskedTasksThatHaveOne() {
    TaskRecord succeeded = Tasks.success();
    TaskRecord running = Tasks.running();
    TaskRecord other = Tasks.failure();
    List.of(succeeded, running, other).forEach(store()::saveTask);

    TaskRecords records =
        store().tasks(List.of(succeeded.taskId(), running.taskId(), Tasks.newId()));

    assertThat(records).isEqualTo(TaskRecords.of(List.of(succeeded, running)));
  }

  @Test
  void tasksOfNoIdsAreNone() {
    List<TaskId> none = List.of();

    TaskRecords records = store().tasks(none);

    assertThat(records).isEqualTo(TaskRecords.none());
  }

  // ---- saveTask ----

  @Test
  void savesANewRecordWithEveryFieldAsItIs() {
    TaskRecord record = Tasks.withEveryField(Tasks.newId());

    boolean saved = store().saveTask(record);

    assertThat(saved).isTrue();
    assertThat(store().tasks(List.of(record.taskId()))).isEqualTo(TaskRecords.of(List.of(record)));
  }

  @Test
  void savesANewRecordWithNoOptionalFieldsAsItIs() {
    TaskRecord record = Tasks.withNoOptionalFields(Tasks.newId());

    boolean saved = store().saveTask(record);

    assertThat(saved).isTrue();
    assertThat(store().tasks(List.of(record.taskId()))).isEqualTo(TaskRecords.of(List.of(record)));
  }

  @Test
  void aSavedRecordReplacesTheStoredOne() {
    TaskId id = Tasks.newId();
    store().saveTask(Tasks.progress(id, 10));

    boolean saved = store().saveTask(Tasks.progress(id, 20));

    assertThat(saved).isTrue();
    assertThat(recordOf(id)).isEqualTo(Tasks.progress(id, 20));
  }

  @Test
  void aStartedRecordMovesToSuccess() {
    TaskId id = Tasks.newId();
    store().saveTask(Tasks.running(id));

    boolean saved = store().saveTask(Tasks.success(id));

    assertThat(saved).isTrue();
    assertThat(recordOf(id)).isEqualTo(Tasks.success(id));
  }

  @Test
  void aRetryRecordMovesToStarted() {
    TaskId id = Tasks.newId();
    store().saveTask(Tasks.retry(id));

    boolean saved = store().saveTask(Tasks.running(id));

    assertThat(saved).isTrue();
    assertThat(recordOf(id)).isEqualTo(Tasks.running(id));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("doneStates")
  void aLateProgressWriteNeverOverwritesADoneRecord(TaskState done) {
    TaskId id = Tasks.newId();
    store().saveTask(Tasks.inState(id, done));

    boolean saved = store().saveTask(Tasks.progress(id, 99));

    assertThat(saved).isFalse();
    assertThat(recordOf(id)).isEqualTo(Tasks.inState(id, done));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("statePairs")
  void aRecordIsReplacedExactlyWhenItsStateMayMoveToTheNewOne(TaskState from, TaskState to) {
    TaskId id = Tasks.newId();
    TaskRecord stored = Tasks.inState(id, from);
    TaskRecord next = Tasks.inState(id, to).withRetries(7);
    store().saveTask(stored);

    boolean saved = store().saveTask(next);

    assertThat(saved).isEqualTo(from.canMoveTo(to));
    assertThat(recordOf(id)).isEqualTo(from.canMoveTo(to) ? next : stored);
  }

  @Test
  void progressWritesRacingASuccessWriteNeverEndInStarted() {
    List<TaskId> ids = IntStream.range(0, 100).mapToObj(i -> Tasks.newId()).toList();
    ids.forEach(id -> store().saveTask(Tasks.running(id)));

    Race.run(
        8,
        caller -> {
          ids.forEach(
              id -> store().saveTask(caller == 0 ? Tasks.success(id) : Tasks.progress(id, caller)));
          return caller;
        });

    assertThat(store().tasks(ids).records().values())
        .hasSize(ids.size())
        .allSatisfy(record -> assertThat(record.state()).isEqualTo(TaskState.SUCCESS));
  }

  @Test
  void ofConcurrentDoneWritesToOneTaskExactlyOneIsWrittenAndKept() {
    TaskId id = Tasks.newId();
    store().saveTask(Tasks.running(id));
    List<TaskRecord> writes =
        IntStream.range(0, CALLERS)
            .mapToObj(i -> Tasks.inState(id, doneStates().toList().get(i % 3)).withRetries(i))
            .toList();

    List<Boolean> saved = Race.run(CALLERS, i -> store().saveTask(writes.get(i)));

    assertThat(saved).containsOnlyOnce(true);
    assertThat(recordOf(id)).isEqualTo(writes.get(saved.indexOf(true)));
  }

  // ---- list ----

  @Test
  void listsOnlyTheWorkflowsOfTheAskedApp() {
    String appId = Workflows.newAppId();
    Workflow first = Workflows.inApp(appId, T0);
    Workflow second = Workflows.inApp(appId, T0.plusSeconds(1));
    createAll(first, second, Workflows.inApp(Workflows.newAppId(), T0.plusSeconds(2)));

    WorkflowPage page = store().list(query(appId));

    assertThat(page).isEqualTo(new WorkflowPage(2, List.of(second, first)));
  }

  @Test
  void listsOnlyWorkflowsWhoseCachedStatusIsAsked() {
    String appId = Workflows.newAppId();
    Workflow pending = Workflows.inApp(appId, T0);
    Workflow started =
        Workflows.withStoredStatus(
            Workflows.inApp(appId, T0.plusSeconds(1)), WorkflowStatus.STARTED);
    Workflow failed =
        Workflows.withStoredStatus(
            Workflows.inApp(appId, T0.plusSeconds(2)), WorkflowStatus.FAILURE);
    Workflow uncached = Workflows.withStoredStatus(Workflows.inApp(appId, T0.plusSeconds(3)), null);
    createAll(pending, started, failed, uncached);

    WorkflowPage page =
        store()
            .list(
                query(appId).withStatuses(Set.of(WorkflowStatus.STARTED, WorkflowStatus.FAILURE)));

    assertThat(page).isEqualTo(new WorkflowPage(2, List.of(failed, started)));
  }

  @Test
  void listsWorkflowsWithNoCachedStatusWhenNoStatusIsAsked() {
    String appId = Workflows.newAppId();
    Workflow uncached = Workflows.withStoredStatus(Workflows.inApp(appId, T0), null);
    store().create(uncached);

    WorkflowPage page = store().list(query(appId));

    assertThat(page).isEqualTo(new WorkflowPage(1, List.of(uncached)));
  }

  @Test
  void listsOnlyTheAskedIds() {
    String appId = Workflows.newAppId();
    Workflow first = Workflows.inApp(appId, T0);
    Workflow second = Workflows.inApp(appId, T0.plusSeconds(1));
    Workflow third = Workflows.inApp(appId, T0.plusSeconds(2));
    createAll(first, second, third);

    WorkflowPage page =
        store().list(query(appId).withIds(List.of(first.id(), third.id(), Workflows.newId())));

    assertThat(page).isEqualTo(new WorkflowPage(2, List.of(third, first)));
  }

  @Test
  void listsNothingForAnEmptyListOfIds() {
    String appId = Workflows.newAppId();
    store().create(Workflows.inApp(appId, T0));

    WorkflowPage page = store().list(query(appId).withIds(List.of()));

    assertThat(page).isEqualTo(new WorkflowPage(0, List.of()));
  }

  @Test
  void listsOnlyWorkflowsOfTheAskedName() {
    String appId = Workflows.newAppId();
    Workflow named = Workflows.created(Workflows.namedSpec("archive", appId, 1), T0);
    createAll(named, Workflows.inApp(appId, T0.plusSeconds(1)));

    WorkflowPage page =
        store().list(new WorkflowQuery(appId, Set.of(), null, "archive", 0, 100, false));

    assertThat(page).isEqualTo(new WorkflowPage(1, List.of(named)));
  }

  @Test
  void listsNewestFirstByDefault() {
    String appId = Workflows.newAppId();
    Workflow oldest = Workflows.inApp(appId, T0);
    Workflow newest = Workflows.inApp(appId, T0.plusSeconds(2));
    Workflow middle = Workflows.inApp(appId, T0.plusMillis(1_001));
    createAll(oldest, newest, middle);

    WorkflowPage page = store().list(query(appId));

    assertThat(page.workflows()).containsExactly(newest, middle, oldest);
  }

  @Test
  void listsOldestFirstWhenAsked() {
    String appId = Workflows.newAppId();
    Workflow oldest = Workflows.inApp(appId, T0);
    Workflow newest = Workflows.inApp(appId, T0.plusSeconds(2));
    Workflow middle = Workflows.inApp(appId, T0.plusMillis(1_001));
    createAll(oldest, newest, middle);

    WorkflowPage page = store().list(oldestFirst(query(appId)));

    assertThat(page.workflows()).containsExactly(oldest, middle, newest);
  }

  @Test
  void listsWorkflowsCreatedAtOneTimeInIdOrderWhenNewestFirst() {
    String appId = Workflows.newAppId();
    List<Workflow> workflows =
        IntStream.range(0, 5).mapToObj(i -> Workflows.inApp(appId, T0)).toList();
    workflows.forEach(store()::create);

    WorkflowPage page = store().list(query(appId));

    assertThat(page.workflows()).containsExactlyElementsOf(inIdOrder(workflows));
  }

  @Test
  void listsWorkflowsCreatedAtOneTimeInIdOrderWhenOldestFirst() {
    String appId = Workflows.newAppId();
    List<Workflow> workflows =
        IntStream.range(0, 5).mapToObj(i -> Workflows.inApp(appId, T0)).toList();
    workflows.forEach(store()::create);

    WorkflowPage page = store().list(oldestFirst(query(appId)));

    assertThat(page.workflows()).containsExactlyElementsOf(inIdOrder(workflows));
  }

  @Test
  void listsThePageAfterSkipOfAtMostLimit() {
    String appId = Workflows.newAppId();
    List<Workflow> oldestFirst = inAppOneSecondApart(appId, 5);
    oldestFirst.forEach(store()::create);

    WorkflowPage page = store().list(new WorkflowQuery(appId, Set.of(), null, null, 1, 2, false));

    assertThat(page.workflows()).containsExactly(oldestFirst.get(3), oldestFirst.get(2));
  }

  @Test
  void theTotalCountsEveryMatchingWorkflowNotOnlyThePage() {
    String appId = Workflows.newAppId();
    inAppOneSecondApart(appId, 5).forEach(store()::create);

    WorkflowPage page = store().list(new WorkflowQuery(appId, Set.of(), null, null, 1, 2, false));

    assertThat(page.total()).isEqualTo(5);
  }

  @Test
  void aPageAfterTheLastMatchIsEmptyAndStillCountsTheMatches() {
    String appId = Workflows.newAppId();
    inAppOneSecondApart(appId, 3).forEach(store()::create);

    WorkflowPage page = store().list(query(appId).withSkip(10));

    assertThat(page).isEqualTo(new WorkflowPage(3, List.of()));
  }

  // ---- countByStatus ----

  @Test
  void countsTheWorkflowsOfAnAppByCachedStatus() {
    String appId = Workflows.newAppId();
    WorkflowStatus custom = WorkflowStatus.of("PROGRESS");
    createAll(
        Workflows.inApp(appId, T0),
        Workflows.inApp(appId, T0),
        Workflows.withStoredStatus(Workflows.inApp(appId, T0), WorkflowStatus.FAILURE),
        Workflows.withStoredStatus(Workflows.inApp(appId, T0), custom),
        Workflows.withStoredStatus(Workflows.inApp(appId, T0), null),
        Workflows.withStoredStatus(
            Workflows.inApp(Workflows.newAppId(), T0), WorkflowStatus.FAILURE));

    Map<WorkflowStatus, Long> counts = store().countByStatus(appId);

    assertThat(counts)
        .isEqualTo(Map.of(WorkflowStatus.PENDING, 2L, WorkflowStatus.FAILURE, 1L, custom, 1L));
  }

  @Test
  void statusesNoWorkflowOfTheAppHasAreAbsent() {
    String appId = Workflows.newAppId();
    store().create(Workflows.inApp(appId, T0));

    Map<WorkflowStatus, Long> counts = store().countByStatus(appId);

    assertThat(counts).containsOnlyKeys(WorkflowStatus.PENDING);
  }

  @Test
  void workflowsWithoutACachedStatusAreNotCounted() {
    String appId = Workflows.newAppId();
    store().create(Workflows.withStoredStatus(Workflows.inApp(appId, T0), null));

    Map<WorkflowStatus, Long> counts = store().countByStatus(appId);

    assertThat(counts).isEmpty();
  }

  @Test
  void countsTheWorkflowsOfEveryAppWhenNoAppIsGiven() {
    WorkflowStatus unique = WorkflowStatus.of("CONTRACT-" + UUID.randomUUID());
    String oneApp = Workflows.newAppId();
    String otherApp = Workflows.newAppId();
    createAll(
        Workflows.withStoredStatus(Workflows.inApp(oneApp, T0), unique),
        Workflows.withStoredStatus(Workflows.inApp(oneApp, T0), unique),
        Workflows.withStoredStatus(Workflows.inApp(otherApp, T0), unique));

    Map<WorkflowStatus, Long> counts = store().countByStatus(null);

    assertThat(counts).containsEntry(unique, 3L);
  }

  // ---- delete ----

  @Test
  void deletingAStoredWorkflowRemovesItAndReturnsTrue() {
    Workflow stored = Workflows.any();
    store().create(stored);

    boolean deleted = store().delete(stored.id());

    assertThat(deleted).isTrue();
    assertThat(store().find(stored.id())).isEmpty();
  }

  @Test
  void deletingAnUnknownWorkflowReturnsFalse() {
    WorkflowId unknown = Workflows.newId();

    boolean deleted = store().delete(unknown);

    assertThat(deleted).isFalse();
  }

  @Test
  void deletingAWorkflowKeepsTheRecordsOfItsTasks() {
    Workflow stored = Workflows.withNoOptionalFields();
    TaskRecord record = Tasks.success(stored.step(0).taskRuns().get(0).taskId());
    store().create(stored);
    store().saveTask(record);

    store().delete(stored.id());

    assertThat(store().tasks(List.of(record.taskId()))).isEqualTo(TaskRecords.of(List.of(record)));
  }

  @Test
  void theIdOfADeletedWorkflowCanBeCreatedAgain() {
    Workflow stored = Workflows.any();
    store().create(stored);
    store().delete(stored.id());
    Workflow again = otherWithIdOf(stored);

    store().create(again);

    assertThat(store().find(stored.id())).contains(again);
  }

  @Test
  void deletingTasksRemovesTheirRecordsAndCountsThem() {
    TaskRecord first = Tasks.success();
    TaskRecord second = Tasks.running();
    TaskRecord kept = Tasks.failure();
    List.of(first, second, kept).forEach(store()::saveTask);
    List<TaskId> ids = List.of(first.taskId(), second.taskId(), Tasks.newId());

    long deleted = store().deleteTasks(ids);

    assertThat(deleted).isEqualTo(2);
    assertThat(store().tasks(List.of(first.taskId(), second.taskId(), kept.taskId())))
        .isEqualTo(TaskRecords.of(List.of(kept)));
  }

  @Test
  void deletingTasksOfNoIdsDeletesNone() {
    List<TaskId> none = List.of();

    long deleted = store().deleteTasks(none);

    assertThat(deleted).isZero();
  }

  // ---- step names of task records ----

  @Test
  void taskStepNamesHoldTheStepOfEveryRecordOnce() {
    String archive = "archive " + UUID.randomUUID();
    String stage = "stage " + UUID.randomUUID();
    store().saveTask(withKwargs(Map.of("step", archive, "workflow_id", "w1")));
    store().saveTask(withKwargs(Map.of("step", archive, "workflow_id", "w2")));
    store().saveTask(withKwargs(Map.of("step", stage)));

    Set<String> names = store().taskStepNames();

    assertThat(names).contains(archive, stage);
    assertThat(names.stream().filter(name -> name.equals(archive))).hasSize(1);
  }

  @Test
  void recordsWithoutAStringStepAddNoStepName() {
    Set<String> before = store().taskStepNames();
    String notAStep = "not a step " + UUID.randomUUID();
    store().saveTask(withKwargs(Map.of("stage", notAStep)));
    store().saveTask(withKwargs(Map.of("step", List.of(notAStep))));
    store().saveTask(Tasks.withNoOptionalFields(Tasks.newId()));

    Set<String> names = store().taskStepNames();

    assertThat(names).doesNotContain(notAStep).doesNotContainNull();
    assertThat(names).containsAll(before);
  }

  private static TaskRecord withKwargs(Map<String, Object> kwargs) {
    return new TaskRecord(
        Tasks.newId(),
        TaskState.SUCCESS,
        List.of(1),
        null,
        Tasks.DONE_AT,
        null,
        "task_1",
        List.of(1),
        kwargs,
        "celery@worker-1",
        0,
        "q");
  }

  // ---- random sequences against a reference model ----

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void behavesLikeAPlainMapInRandomSequencesOfOperations(long seed) {
    ResultStoreSequence sequence = new ResultStoreSequence(seed);

    Optional<String> difference =
        sequence.firstDifference(store(), new ResultStoreModel(), SEQUENCE_LENGTH);

    assertThat(difference).isEmpty();
  }

  // ---- sources of parameters ----

  static Stream<GuardCase> guardCases() {
    return ResultStoreCases.guards();
  }

  static Stream<ChangeCase> changeCases() {
    return ResultStoreCases.changes();
  }

  static Stream<TaskState> doneStates() {
    return Stream.of(TaskState.SUCCESS, TaskState.FAILURE, TaskState.REVOKED);
  }

  static Stream<Arguments> statePairs() {
    List<TaskState> states =
        List.of(
            TaskState.PENDING,
            TaskState.RECEIVED,
            TaskState.STARTED,
            TaskState.RETRY,
            TaskState.SUCCESS,
            TaskState.FAILURE,
            TaskState.REVOKED,
            Tasks.CUSTOM);
    return states.stream().flatMap(from -> states.stream().map(to -> Arguments.of(from, to)));
  }

  static LongStream seeds() {
    return LongStream.concat(LongStream.of(SEEDS), ThreadLocalRandom.current().longs(3));
  }

  // ---- helpers ----

  private boolean createdWithoutConflict(Workflow workflow) {
    try {
      store().create(workflow);
      return true;
    } catch (WorkflowExistsException e) {
      return false;
    }
  }

  private void createAll(Workflow... workflows) {
    for (Workflow workflow : workflows) {
      store().create(workflow);
    }
  }

  private List<Boolean> applyConcurrently(WorkflowId id, List<Transition> transitions) {
    return Race.run(transitions.size(), i -> store().apply(id, transitions.get(i)).isPresent());
  }

  private Step stepOf(WorkflowId id, int index) {
    return store().find(id).orElseThrow().step(index);
  }

  private TaskRecord recordOf(TaskId id) {
    return store().tasks(List.of(id)).find(id).orElseThrow();
  }

  private long writeHeartbeatPairs(WorkflowId id, AtomicBoolean writing) {
    try {
      for (int i = 0; i < 200; i++) {
        Instant at = T0.plusMillis(i);
        store()
            .apply(
                id,
                new Transition(
                    List.of(),
                    List.of(
                        new Change.SetHeartbeat(0, new Heartbeat(BEATING, at)),
                        new Change.SetHeartbeat(1, new Heartbeat(BEATING, at)))));
      }
      return 0L;
    } finally {
      writing.set(false);
    }
  }

  private long tornReads(WorkflowId id, AtomicBoolean writing) {
    long deadline = System.nanoTime() + Race.DEADLINE.toNanos();
    long torn = 0;
    do {
      Workflow read = store().find(id).orElseThrow();
      if (!Objects.equals(read.step(0).heartbeat(), read.step(1).heartbeat())) {
        torn++;
      }
    } while (writing.get() && System.nanoTime() < deadline);
    return torn;
  }

  private static Workflow otherWithIdOf(Workflow workflow) {
    return Workflow.create(workflow.id(), Workflows.spec(Workflows.newAppId(), 1), "other", LATER);
  }

  private static List<TaskRun> runs(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new TaskRun(Tasks.newId(), T0.plusMillis(i)))
        .toList();
  }

  private static Transition appendOnce(int step, TaskRun run) {
    return new Transition(
        List.of(new Guard.NoRun(step, run.taskId())), List.of(new Change.AppendTaskRun(step, run)));
  }

  /** One transition per value, each guarded by {@code guard} and making the change of its value. */
  private static <T> List<Transition> guarded(
      Guard guard, List<T> values, Function<T, Change> change) {
    return values.stream()
        .map(value -> new Transition(List.of(guard), List.of(change.apply(value))))
        .toList();
  }

  private static Transition unguarded(Change change) {
    return new Transition(List.of(), List.of(change));
  }

  private static Workflow appliedInOrder(Workflow workflow, List<Transition> transitions) {
    Workflow result = workflow;
    for (Transition transition : transitions) {
      result = transition.applyTo(result).orElseThrow();
    }
    return result;
  }

  /**
   * The workflow with each step's runs sorted by task id: equal whatever order concurrent appends
   * took.
   */
  private static Workflow withRunsInIdOrder(Workflow workflow) {
    List<Step> steps =
        workflow.steps().stream()
            .map(
                s ->
                    new Step(
                        s.name(),
                        s.task(),
                        s.queue(),
                        s.priority(),
                        s.kwargs(),
                        s.taskRuns().stream()
                            .sorted(Comparator.comparing(run -> run.taskId().value()))
                            .toList(),
                        s.dispatch(),
                        s.heartbeat()))
            .toList();
    return new Workflow(
        workflow.id(),
        workflow.name(),
        workflow.appId(),
        workflow.description(),
        workflow.createdAt(),
        workflow.updatedAt(),
        steps,
        workflow.storedStatus(),
        workflow.resumeLock(),
        workflow.pausedAt(),
        workflow.startArgs(),
        workflow.startKwargs());
  }

  private static List<Workflow> inAppOneSecondApart(String appId, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> Workflows.inApp(appId, T0.plusSeconds(i)))
        .toList();
  }

  private static List<Workflow> inIdOrder(List<Workflow> workflows) {
    return workflows.stream().sorted(Comparator.comparing(w -> w.id().value())).toList();
  }

  private static WorkflowQuery query(String appId) {
    return new WorkflowQuery(appId, Set.of(), null, null, 0, 100, false);
  }

  private static WorkflowQuery oldestFirst(WorkflowQuery query) {
    return new WorkflowQuery(
        query.appId(),
        query.statuses(),
        query.ids(),
        query.name(),
        query.skip(),
        query.limit(),
        true);
  }
}
