package org.rhythm.app.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskState;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.out.TaskMessage;

class TaskMetersTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

  @Test
  void anOutcomeWithoutAStartHereCountsButHasNoDuration() {
    TaskMeters meters = new TaskMeters(registry);

    meters.ended(attempt("t1", "archive"), TaskState.REVOKED, meters.now());

    assertThat(registry.get("rhythm.transitions").tag("state", "REVOKED").counter().count())
        .isEqualTo(1);
    assertThat(registry.find("rhythm.step.duration").timer()).isNull();
  }

  @Test
  void aRetriedAttemptIsTimedUntilItsRetryAndTheNextAttemptOnItsOwn() {
    TaskMeters meters = new TaskMeters(registry);
    TaskAttempt first = attempt("t1", "archive");
    TaskAttempt second = new TaskAttempt(first.message().nextAttempt(), "w@test");
    meters.dispatching(first.message());
    clock.add(Duration.ofSeconds(1));
    meters.started(first, meters.now());
    clock.add(Duration.ofSeconds(2));
    meters.ended(first, TaskState.RETRY, meters.now());

    meters.started(second, meters.now());
    clock.add(Duration.ofSeconds(3));
    meters.ended(second, TaskState.SUCCESS, meters.now());

    assertThat(registry.get("rhythm.dispatch.latency").timer().count()).isEqualTo(1);
    assertThat(registry.get("rhythm.dispatch.latency").timer().totalTime(SECONDS)).isEqualTo(1);
    assertThat(duration("RETRY")).isEqualTo(2);
    assertThat(duration("SUCCESS")).isEqualTo(3);
  }

  @Test
  void theTaskTagTakesAtMostFiveHundredNames() {
    registry.config().meterFilter(TaskMeters.limitingTaskNames());
    TaskMeters meters = new TaskMeters(registry);

    for (int i = 0; i <= TaskMeters.MAX_TASK_NAMES; i++) {
      meters.ended(attempt("t" + i, "task-" + i), TaskState.FAILURE, meters.now());
    }

    assertThat(registry.find("rhythm.task.failures").counters()).hasSize(500);
    assertThat(registry.get("rhythm.transitions").tag("state", "FAILURE").counter().count())
        .isEqualTo(501);
  }

  private double duration(String outcome) {
    return registry.get("rhythm.step.duration").tag("outcome", outcome).timer().totalTime(SECONDS);
  }

  private static TaskAttempt attempt(String taskId, String task) {
    return new TaskAttempt(
        new TaskMessage(
            TaskId.of(taskId), task, "q", List.of(), Map.of(), TaskPriority.clamped(1), 0),
        "w@test");
  }
}
