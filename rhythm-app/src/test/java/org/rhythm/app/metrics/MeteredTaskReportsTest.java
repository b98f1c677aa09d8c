package org.rhythm.app.metrics;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.worker.TaskRegistry;

/** What Java workers report, metered on the in-memory adapters with a clock the tasks move. */
class MeteredTaskReportsTest {

  @Test
  void aStepTakesFromItsStartToItsSuccessAndWaitsFromItsDispatchToItsStart() {
    try (MeteredRhythm rhythm = new MeteredRhythm()) {
      WorkflowId id =
          rhythm.commands.create(
              WorkflowSpec.of(
                  "two", "app", StepSpec.of("a", "twoSeconds"), StepSpec.of("b", "twoSeconds")));
      rhythm.commands.start(id, List.of(1), Map.of());
      rhythm.clock.add(Duration.ofSeconds(1));

      rhythm.work(
          "celery",
          new TaskRegistry()
              .register(
                  "twoSeconds",
                  context -> {
                    rhythm.clock.add(Duration.ofSeconds(2));
                    return List.of(context.args().get(0));
                  }));
      rhythm.awaitStatus(id, WorkflowStatus.SUCCESS);
      rhythm.awaitTransitions("SUCCESS", 2);

      Timer steps =
          rhythm
              .registry
              .get("rhythm.step.duration")
              .tags("task", "twoSeconds", "queue", "celery", "outcome", "SUCCESS")
              .timer();
      Timer latency = rhythm.registry.get("rhythm.dispatch.latency").tag("queue", "celery").timer();
      assertThat(steps.count()).isEqualTo(2);
      assertThat(steps.totalTime(SECONDS)).isEqualTo(4.0);
      assertThat(latency.count()).isEqualTo(2);
      assertThat(latency.totalTime(SECONDS)).isEqualTo(1.0);
      assertThat(latency.max(SECONDS)).isEqualTo(1.0);
      assertThat(transitions(rhythm, "STARTED")).isEqualTo(2);
      assertThat(transitions(rhythm, "SUCCESS")).isEqualTo(2);
    }
  }

  @Test
  void aFailedTaskCountsAsAFailureOfItsTaskAndQueue() {
    try (MeteredRhythm rhythm = new MeteredRhythm()) {
      rhythm.work(
          "q",
          new TaskRegistry()
              .register(
                  "breaks",
                  context -> {
                    rhythm.clock.add(Duration.ofMillis(300));
                    throw new IllegalStateException("broken");
                  }));
      WorkflowId id =
          rhythm.commands.create(
              WorkflowSpec.of("failing", "app", StepSpec.of("a", "breaks").onQueue("q")));

      rhythm.commands.start(id, List.of(), Map.of());
      rhythm.awaitStatus(id, WorkflowStatus.FAILURE);
      rhythm.awaitTransitions("FAILURE", 1);

      assertThat(
              rhythm
                  .registry
                  .get("rhythm.task.failures")
                  .tags("task", "breaks", "queue", "q")
                  .counter()
                  .count())
          .isEqualTo(1);
      Timer failed =
          rhythm
              .registry
              .get("rhythm.step.duration")
              .tags("task", "breaks", "queue", "q", "outcome", "FAILURE")
              .timer();
      assertThat(failed.count()).isEqualTo(1);
      assertThat(failed.totalTime(SECONDS)).isEqualTo(0.3);
      assertThat(transitions(rhythm, "FAILURE")).isEqualTo(1);
      assertThat(rhythm.registry.find("rhythm.step.duration").tag("outcome", "SUCCESS").timer())
          .isNull();
    }
  }

  @Test
  void aTaskNoWorkerOfThisProcessRunsIsNotMetered() {
    try (MeteredRhythm rhythm = new MeteredRhythm()) {
      WorkflowId id =
          rhythm.commands.create(
              WorkflowSpec.of("elsewhere", "app", StepSpec.of("a", "python").onQueue("py")));

      rhythm.commands.start(id, List.of(), Map.of());

      assertThat(rhythm.registry.find("rhythm.dispatch.latency").timer()).isNull();
      assertThat(rhythm.registry.find("rhythm.step.duration").timer()).isNull();
      assertThat(rhythm.registry.find("rhythm.transitions").counter()).isNull();
    }
  }

  private static double transitions(MeteredRhythm rhythm, String state) {
    return rhythm.registry.get("rhythm.transitions").tag("state", state).counter().count();
  }
}
