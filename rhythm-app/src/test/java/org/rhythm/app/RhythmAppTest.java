package org.rhythm.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.WorkerSettings;

/** The embedding facade over the in-memory adapters. */
class RhythmAppTest {

  @Test
  void aWorkflowStartedThroughTheFacadeRunsOnItsWorkers() throws InterruptedException {
    try (RhythmApp rhythm = RhythmMain.inMemory()) {
      rhythm.startWorker(
          WorkerSettings.of("app-test@localhost", List.of("q"), 1),
          new TaskRegistry()
              .register("double", c -> List.of(((Number) c.args().get(0)).longValue() * 2)));
      WorkflowId id =
          rhythm
              .commands()
              .create(
                  WorkflowSpec.of(
                      "doubling",
                      "app",
                      StepSpec.of("once", "double").onQueue("q"),
                      StepSpec.of("twice", "double").onQueue("q")));

      rhythm.commands().start(id, List.of(3L), Map.of());

      assertThat(awaitStatus(rhythm, id, WorkflowStatus.SUCCESS)).isTrue();
      assertThat(
              rhythm
                  .queries()
                  .view(id, ViewOptions.DEFAULT)
                  .steps()
                  .get(1)
                  .lastTaskRun()
                  .record()
                  .result())
          .isEqualTo(List.of(12L));
    }
  }

  @Test
  void theReconcilerRunsOnlyWithAPositivePeriod() {
    try (RhythmApp rhythm = RhythmMain.inMemory()) {
      assertThatThrownBy(() -> rhythm.reconcileEvery(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the reconciler's period is positive, not PT0S");
    }
  }

  private static boolean awaitStatus(RhythmApp rhythm, WorkflowId id, WorkflowStatus status)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (rhythm.queries().view(id, ViewOptions.DEFAULT).status().equals(status)) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }
}
