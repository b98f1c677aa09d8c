package org.rhythm.app.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.WorkflowNotFoundException;
import org.rhythm.ports.worker.TaskRegistry;

/**
 * Pauses, resumes and the workflow lifecycle, counted around real runs on the in-memory adapters.
 */
class MeteredWorkflowCommandsTest {

  @Test
  void aPausedRunningStepIsRevokedAndAResumeRunsItAgain() throws InterruptedException {
    try (MeteredRhythm rhythm = new MeteredRhythm()) {
      CountDownLatch firstRunStarted = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      rhythm.work(
          "q",
          new TaskRegistry()
              .register(
                  "waitsTheFirstTime",
                  context -> {
                    rhythm.clock.add(Duration.ofSeconds(5));
                    if (runs.incrementAndGet() == 1) {
                      firstRunStarted.countDown();
                      new CountDownLatch(1).await();
                    }
                    return List.of("done");
                  }));
      WorkflowId id =
          rhythm.commands.create(
              WorkflowSpec.of(
                  "pausable", "app", StepSpec.of("a", "waitsTheFirstTime").onQueue("q")));
      rhythm.commands.start(id, List.of(), Map.of());
      assertThat(firstRunStarted.await(10, SECONDS)).isTrue();

      rhythm.commands.pause(id);
      rhythm.awaitTransitions("REVOKED", 1);
      rhythm.commands.pause(id);
      rhythm.commands.resume(id, false, null);
      rhythm.awaitStatus(id, WorkflowStatus.SUCCESS);
      rhythm.awaitTransitions("SUCCESS", 1);
      rhythm.commands.resume(id, false, null);

      assertThat(count(rhythm, "rhythm.workflow.creations")).isEqualTo(1);
      assertThat(count(rhythm, "rhythm.workflow.starts")).isEqualTo(1);
      assertThat(count(rhythm, "rhythm.pauses", "paused")).isEqualTo(1);
      assertThat(count(rhythm, "rhythm.pauses", "not_paused")).isEqualTo(1);
      assertThat(count(rhythm, "rhythm.resumes", "resumed")).isEqualTo(1);
      assertThat(count(rhythm, "rhythm.resumes", "refused")).isEqualTo(1);
      Timer revoked =
          rhythm
              .registry
              .get("rhythm.step.duration")
              .tags("task", "waitsTheFirstTime", "outcome", "REVOKED")
              .timer();
      assertThat(revoked.count()).isEqualTo(1);
      assertThat(revoked.totalTime(SECONDS)).isEqualTo(5.0);
      assertThat(
              rhythm
                  .registry
                  .get("rhythm.step.duration")
                  .tags("task", "waitsTheFirstTime", "outcome", "SUCCESS")
                  .timer()
                  .count())
          .isEqualTo(1);
    }
  }

  @Test
  void aDeletionCountsOnlyWhenTheWorkflowExisted() {
    try (MeteredRhythm rhythm = new MeteredRhythm()) {
      WorkflowId id =
          rhythm.commands.create(WorkflowSpec.of("short-lived", "app", StepSpec.of("a", "t")));

      rhythm.commands.delete(id, true);
      rhythm.commands.delete(id, true);

      assertThat(count(rhythm, "rhythm.workflow.deletions")).isEqualTo(1);
    }
  }

  @Test
  void aCommandThatFailsIsNotCounted() {
    try (MeteredRhythm rhythm = new MeteredRhythm()) {
      WorkflowId unknown = WorkflowId.of("00000000-0000-4000-8000-000000000000");

      assertThatThrownBy(() -> rhythm.commands.pause(unknown))
          .isInstanceOf(WorkflowNotFoundException.class);

      assertThat(count(rhythm, "rhythm.pauses", "paused")).isZero();
      assertThat(count(rhythm, "rhythm.pauses", "not_paused")).isZero();
    }
  }

  private static double count(MeteredRhythm rhythm, String name) {
    return rhythm.registry.get(name).counter().count();
  }

  private static double count(MeteredRhythm rhythm, String name, String outcome) {
    return rhythm.registry.get(name).tag("outcome", outcome).counter().count();
  }
}
