package org.rhythm.domain.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rhythm.domain.workflow.Scenario.LEASE;
import static org.rhythm.domain.workflow.Scenario.T0;
import static org.rhythm.domain.workflow.Scenario.id;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;

/** DESIGN.md §3.9: the reconciler's repairs, each safe to race with itself and with the workers. */
class RecoveryTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Instant LATE = T0.plus(TIMEOUT).plusSeconds(1);
  private static final List<Object> ARGS = List.of(42);

  private static Scenario dispatched() {
    return Scenario.created().start("t1", ARGS);
  }

  // ---- lost dispatches --------------------------------------------------------------------------

  @Test
  void aDispatchNotStartedWithinTheTimeoutIsSentAgainUnderTheSameTaskId() {
    Scenario lost = dispatched();

    Optional<Decision> redispatch = lost.workflow().redispatchLost(LATE, TIMEOUT, lost.records());

    assertThat(redispatch).isPresent();
    Dispatch original = lost.workflow().step(0).dispatch();
    assertThat(redispatch.get().commands())
        .singleElement()
        .isInstanceOfSatisfying(
            TaskCommand.SendTask.class,
            send -> {
              assertThat(send.taskId()).isEqualTo(id("t1"));
              assertThat(send.args()).isEqualTo(original.args());
              assertThat(send.kwargs()).isEqualTo(original.kwargs());
              assertThat(send.priority()).isEqualTo(original.priority());
            });
    Dispatch resent = lost.apply(redispatch.get()).workflow().step(0).dispatch();
    assertThat(resent).isEqualTo(original.resentAt(LATE));
  }

  @Test
  void aDispatchYoungerThanTheTimeoutIsLeftAlone() {
    Scenario young = dispatched();

    Optional<Decision> redispatch =
        young.workflow().redispatchLost(T0.plus(TIMEOUT).minusSeconds(1), TIMEOUT, young.records());

    assertThat(redispatch).isEmpty();
  }

  @Test
  void aStartedDispatchIsNotSentAgain() {
    Scenario started = dispatched().running(0, "t1");

    Optional<Decision> redispatch =
        started.workflow().redispatchLost(LATE, TIMEOUT, started.records());

    assertThat(redispatch).isEmpty();
  }

  @Test
  void aDispatchAWorkerHasRecordedIsNotSentAgain() {
    Scenario received =
        dispatched()
            .withRecord(
                TaskRecord.running(
                    id("t1"), "inspect_dataset", ARGS, Map.of(), "w", 0, Scenario.QUEUE, null));

    Optional<Decision> redispatch =
        received.workflow().redispatchLost(LATE, TIMEOUT, received.records());

    assertThat(redispatch).isEmpty();
  }

  @Test
  void aPausedWorkflowsDispatchIsNotSentAgain() {
    Scenario paused = dispatched().paused();

    Optional<Decision> redispatch =
        paused.workflow().redispatchLost(LATE, TIMEOUT, paused.records());

    assertThat(redispatch).isEmpty();
  }

  @Test
  void aHeldDispatchIsNotSent() {
    Scenario held =
        dispatched().running(0, "t1").paused().succeeded("t1", List.of(7)).advanced(0, "t1", "t2");
    Workflow heldButNoLongerPaused = new Change.SetPausedAt(null).applyTo(held.workflow());

    Optional<Decision> redispatch =
        heldButNoLongerPaused.redispatchLost(LATE, TIMEOUT, held.records());

    assertThat(held.workflow().step(1).dispatch().held()).isTrue();
    assertThat(redispatch).isEmpty();
  }

  @Test
  void aLostResumedDispatchIsSentAgain() {
    Scenario resumed = dispatched().running(0, "t1").failed("t1").resumed(false, null, "t2");

    Optional<Decision> redispatch =
        resumed.workflow().redispatchLost(LATE, TIMEOUT, resumed.records());

    assertThat(redispatch.orElseThrow().commands())
        .singleElement()
        .isInstanceOfSatisfying(
            TaskCommand.SendTask.class, send -> assertThat(send.taskId()).isEqualTo(id("t2")));
  }

  @Test
  void ofTwoReconcilersOnlyTheFirstSendsAgain() {
    Scenario lost = dispatched();
    Decision first = lost.workflow().redispatchLost(LATE, TIMEOUT, lost.records()).orElseThrow();
    Decision second =
        lost.workflow().redispatchLost(LATE.plusMillis(1), TIMEOUT, lost.records()).orElseThrow();
    Workflow afterFirst = first.transition().applyTo(lost.workflow()).orElseThrow();

    Optional<Workflow> afterSecond = second.transition().applyTo(afterFirst);

    assertThat(afterSecond).isEmpty();
  }

  @Test
  void ofTwoReconcilersAtTheSameInstantOnlyTheFirstSendsAgain() {
    Scenario lost = dispatched();
    Decision first = lost.workflow().redispatchLost(LATE, TIMEOUT, lost.records()).orElseThrow();
    Decision second = lost.workflow().redispatchLost(LATE, TIMEOUT, lost.records()).orElseThrow();
    Workflow afterFirst = first.transition().applyTo(lost.workflow()).orElseThrow();

    Optional<Workflow> afterSecond = second.transition().applyTo(afterFirst);

    assertThat(afterSecond).isEmpty();
  }

  @Test
  void aResendDoesNotApplyOnceTheWorkerStartedTheTask() {
    Scenario lost = dispatched();
    Decision redispatch =
        lost.workflow().redispatchLost(LATE, TIMEOUT, lost.records()).orElseThrow();
    Workflow started = lost.at(LATE).running(0, "t1").workflow();

    Optional<Workflow> applied = redispatch.transition().applyTo(started);

    assertThat(applied).isEmpty();
  }

  @Test
  void aResendDoesNotApplyOnceThePauseHolds() {
    Scenario lost = dispatched();
    Decision redispatch =
        lost.workflow().redispatchLost(LATE, TIMEOUT, lost.records()).orElseThrow();
    Workflow paused = lost.at(LATE).paused().workflow();

    Optional<Workflow> applied = redispatch.transition().applyTo(paused);

    assertThat(applied).isEmpty();
  }

  @Test
  void aResentDispatchWaitsAnotherTimeoutBeforeBeingSentAgain() {
    Scenario lost = dispatched();
    Scenario resent =
        lost.apply(lost.workflow().redispatchLost(LATE, TIMEOUT, lost.records()).orElseThrow());

    Optional<Decision> again =
        resent.workflow().redispatchLost(LATE.plusSeconds(1), TIMEOUT, resent.records());

    assertThat(again).isEmpty();
  }

  // ---- stale resume locks -----------------------------------------------------------------------

  private static Scenario locked() {
    return dispatched().running(0, "t1").failed("t1").resumed(false, null, "t2");
  }

  @Test
  void aLockOlderThanTheLeaseIsReleased() {
    Scenario locked = locked();
    Instant expired = T0.plus(LEASE).plusSeconds(1);

    Optional<Decision> release = locked.workflow().releaseStaleLock(expired, LEASE);

    assertThat(locked.workflow().resumeLock()).isEqualTo(T0);
    assertThat(locked.apply(release.orElseThrow()).workflow().resumeLock()).isNull();
  }

  @Test
  void aLockYoungerThanTheLeaseIsKept() {
    Scenario locked = locked();

    Optional<Decision> release =
        locked.workflow().releaseStaleLock(T0.plus(LEASE).minusSeconds(1), LEASE);

    assertThat(release).isEmpty();
  }

  @Test
  void withoutALockThereIsNothingToRelease() {
    Scenario unlocked = dispatched();

    Optional<Decision> release = unlocked.workflow().releaseStaleLock(LATE, LEASE);

    assertThat(release).isEmpty();
  }

  @Test
  void aReleaseDoesNotApplyOnceALockWasTakenAgain() {
    Scenario locked = locked();
    Instant expired = T0.plus(LEASE).plusSeconds(1);
    Decision release = locked.workflow().releaseStaleLock(expired, LEASE).orElseThrow();
    Workflow lockedAgain = locked.at(expired).resumed(false, null, "t3").workflow();

    Optional<Workflow> applied = release.transition().applyTo(lockedAgain);

    assertThat(applied).isEmpty();
  }

  // ---- lost workers -----------------------------------------------------------------------------

  private static Scenario runningWithHeartbeat(Instant heartbeat) {
    Scenario running = dispatched().running(0, "t1");
    return running.apply(running.workflow().heartbeat(0, TaskId.of("t1"), heartbeat));
  }

  @Test
  void aRunWhoseHeartbeatStoppedIsLost() {
    Scenario silent = runningWithHeartbeat(T0.plusSeconds(30));

    Optional<TaskId> lost =
        silent
            .workflow()
            .lostRun(T0.plusSeconds(30).plus(TIMEOUT).plusSeconds(1), TIMEOUT, silent.records());

    assertThat(lost).contains(id("t1"));
  }

  @Test
  void aRunWithARecentHeartbeatIsNotLost() {
    Scenario alive = runningWithHeartbeat(T0.plusSeconds(30));

    Optional<TaskId> lost =
        alive
            .workflow()
            .lostRun(T0.plusSeconds(30).plus(TIMEOUT).minusSeconds(1), TIMEOUT, alive.records());

    assertThat(lost).isEmpty();
  }

  @Test
  void aRunWithoutHeartbeatIsNeverLost() {
    Scenario pythonWorker = dispatched().running(0, "t1");

    Optional<TaskId> lost =
        pythonWorker
            .workflow()
            .lostRun(T0.plus(Duration.ofDays(1)), TIMEOUT, pythonWorker.records());

    assertThat(lost).isEmpty();
  }

  @Test
  void aHeartbeatFromBeforeTheRunStartedDoesNotCount() {
    Scenario firstRun = runningWithHeartbeat(T0.plusSeconds(30)).failed("t1");
    Scenario secondRun =
        firstRun.at(T0.plusSeconds(60)).resumed(false, null, "t2").running(0, "t2");

    Optional<TaskId> lost =
        secondRun.workflow().lostRun(T0.plus(Duration.ofDays(1)), TIMEOUT, secondRun.records());

    assertThat(lost).isEmpty();
  }

  @Test
  void aFinishedRunIsNotLost() {
    Scenario failed = runningWithHeartbeat(T0.plusSeconds(30)).failed("t1");

    Optional<TaskId> lost =
        failed.workflow().lostRun(T0.plus(Duration.ofDays(1)), TIMEOUT, failed.records());

    assertThat(lost).isEmpty();
  }

  // ---- expired leases (tasks acknowledged at start) ---------------------------------------------

  private static Scenario runningWithLease(Instant heartbeat) {
    Scenario running = dispatched().running(0, "t1");
    return running.apply(
        running.workflow().heartbeat(0, new Heartbeat(TaskId.of("t1"), heartbeat, true)));
  }

  private static final Instant LEASE_GONE = T0.plusSeconds(30).plus(TIMEOUT).plusSeconds(1);

  @Test
  void aLeasedRunWhoseHeartbeatStoppedIsSentAgainUnderItsTaskIdNotMarkedLost() {
    Scenario silent = runningWithLease(T0.plusSeconds(30));

    Optional<Decision> redispatch =
        silent.workflow().redispatchExpiredLease(LEASE_GONE, TIMEOUT, silent.records());

    assertThat(silent.workflow().lostRun(LEASE_GONE, TIMEOUT, silent.records())).isEmpty();
    Dispatch original = silent.workflow().step(0).dispatch();
    assertThat(redispatch).isPresent();
    assertThat(redispatch.get().commands())
        .singleElement()
        .isInstanceOfSatisfying(
            TaskCommand.SendTask.class,
            send -> {
              assertThat(send.taskId()).isEqualTo(id("t1"));
              assertThat(send.args()).isEqualTo(original.args());
              assertThat(send.kwargs()).isEqualTo(original.kwargs());
            });
    assertThat(silent.apply(redispatch.get()).workflow().step(0).dispatch())
        .isEqualTo(original.resentAt(LEASE_GONE));
  }

  @Test
  void aLeasedRunOfAStepSentByAnotherWriterIsSentAgainWithItsRecordedArguments() {
    // Sent by a Python hook: the step has a run but no dispatch record of Rhythm's.
    Scenario running = Scenario.created().running(0, "p1");
    Scenario silent =
        running.apply(
            running
                .workflow()
                .heartbeat(0, new Heartbeat(TaskId.of("p1"), T0.plusSeconds(30), true)));

    Optional<Decision> redispatch =
        silent.workflow().redispatchExpiredLease(LEASE_GONE, TIMEOUT, silent.records());

    assertThat(redispatch).isPresent();
    TaskRecord record = silent.records().find(id("p1")).orElseThrow();
    assertThat(redispatch.get().commands())
        .singleElement()
        .isInstanceOfSatisfying(
            TaskCommand.SendTask.class,
            send -> {
              assertThat(send.taskId()).isEqualTo(id("p1"));
              assertThat(send.args()).isEqualTo(record.args());
              assertThat(send.kwargs()).containsAllEntriesOf(record.kwargs());
            });
  }

  @Test
  void aLeasedRunIsSentAgainAtMostOncePerTimeout() {
    Scenario silent = runningWithLease(T0.plusSeconds(30));
    Scenario resent =
        silent.apply(
            silent.workflow().redispatchExpiredLease(LEASE_GONE, TIMEOUT, silent.records()).get());

    assertThat(
            resent
                .workflow()
                .redispatchExpiredLease(
                    LEASE_GONE.plus(TIMEOUT).minusSeconds(1), TIMEOUT, resent.records()))
        .isEmpty();
    assertThat(
            resent
                .workflow()
                .redispatchExpiredLease(
                    LEASE_GONE.plus(TIMEOUT).plusSeconds(1), TIMEOUT, resent.records()))
        .isPresent();
  }

  @Test
  void aLeasedRunWithARecentHeartbeatIsLeftAlone() {
    Scenario alive = runningWithLease(T0.plusSeconds(30));

    assertThat(
            alive
                .workflow()
                .redispatchExpiredLease(LEASE_GONE.minusSeconds(2), TIMEOUT, alive.records()))
        .isEmpty();
  }

  @Test
  void anUnleasedRunIsNeverSentAgainForItsHeartbeat() {
    Scenario silent = runningWithHeartbeat(T0.plusSeconds(30));

    assertThat(silent.workflow().redispatchExpiredLease(LEASE_GONE, TIMEOUT, silent.records()))
        .isEmpty();
  }

  @Test
  void aFinishedLeasedRunIsNotSentAgain() {
    Scenario done = runningWithLease(T0.plusSeconds(30)).failed("t1");

    assertThat(done.workflow().redispatchExpiredLease(LEASE_GONE, TIMEOUT, done.records()))
        .isEmpty();
  }

  @Test
  void aPausedWorkflowsLeasedRunIsNotSentAgain() {
    Scenario paused = runningWithLease(T0.plusSeconds(30)).paused();

    assertThat(paused.workflow().redispatchExpiredLease(LEASE_GONE, TIMEOUT, paused.records()))
        .isEmpty();
  }

  @Test
  void theResendOfAnExpiredLeaseLosesARaceWithAnyChangeOfTheDispatch() {
    Scenario silent = runningWithLease(T0.plusSeconds(30));
    Decision redispatch =
        silent.workflow().redispatchExpiredLease(LEASE_GONE, TIMEOUT, silent.records()).get();
    Scenario resentMeanwhile = silent.apply(redispatch);

    assertThat(
            redispatch.transition().guards().stream()
                .allMatch(g -> g.holds(resentMeanwhile.workflow())))
        .isFalse();
  }

  @Test
  void aHeartbeatIsRecordedOnItsStep() {
    Scenario running = dispatched().running(0, "t1");

    Decision heartbeat = running.workflow().heartbeat(0, TaskId.of("t1"), T0.plusSeconds(30));

    assertThat(heartbeat.commands()).isEmpty();
    assertThat(running.apply(heartbeat).workflow().step(0).heartbeat())
        .isEqualTo(new Heartbeat(TaskId.of("t1"), T0.plusSeconds(30)));
  }

  @Test
  void aHeartbeatOfAStepTheWorkflowDoesNotHaveIsRefused() {
    Workflow workflow = dispatched().workflow();

    assertThatThrownBy(() -> workflow.heartbeat(3, TaskId.of("t1"), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no step 3");
  }

  // ---- the status cache -------------------------------------------------------------------------

  @Test
  void aDriftedStatusCacheIsRewrittenWithTheDerivedStatus() {
    Scenario failedBehindOurBack = dispatched().running(0, "t1").failed("t1");

    Optional<Decision> refresh =
        failedBehindOurBack.workflow().refreshStatus(failedBehindOurBack.records(), LATE);

    assertThat(failedBehindOurBack.workflow().storedStatus()).isEqualTo(WorkflowStatus.STARTED);
    Workflow refreshed = failedBehindOurBack.apply(refresh.orElseThrow()).workflow();
    assertThat(refreshed.storedStatus()).isEqualTo(WorkflowStatus.FAILURE);
    assertThat(refreshed.updatedAt()).isEqualTo(LATE);
  }

  @Test
  void anUpToDateStatusCacheIsLeftAlone() {
    Scenario running = dispatched().running(0, "t1");

    Optional<Decision> refresh = running.workflow().refreshStatus(running.records(), LATE);

    assertThat(refresh).isEmpty();
  }
}
