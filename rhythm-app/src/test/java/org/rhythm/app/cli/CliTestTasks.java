package org.rhythm.app.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.rhythm.ports.worker.Progress;
import org.rhythm.ports.worker.TaskModule;
import org.rhythm.ports.worker.TaskRegistry;

/**
 * The tests' task module, listed in the test resources' META-INF/services so that {@code rhythm
 * worker} and {@code rhythm server} find it on the class path.
 */
public final class CliTestTasks implements TaskModule {
  static final String QUEUE = "cli";

  @Override
  public void register(TaskRegistry registry) {
    registry
        .register(
            "cli.upper",
            context -> List.of(String.valueOf(context.args().get(0)).toUpperCase(Locale.ROOT)))
        .register(
            "cli.count",
            context -> {
              Progress progress = context.progress("count", 3.0, "items");
              for (int item : progress.track(List.of(1, 2, 3))) {
                // Counting is the work; the progress reports are what the tests look at.
              }
              return List.of(context.args().get(0));
            })
        .register(
            "cli.fail",
            context -> {
              throw new IllegalStateException("asked to fail");
            })
        .register(
            "cli.block",
            context -> {
              // Runs until revoked (a pause interrupts it).
              new CountDownLatch(1).await();
              return List.of(context.args().get(0));
            });
  }

  @Override
  public List<String> queues() {
    return List.of(QUEUE);
  }
}
