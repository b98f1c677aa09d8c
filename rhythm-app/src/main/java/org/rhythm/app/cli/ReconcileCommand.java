package org.rhythm.app.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.config.RhythmConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rhythm reconcile}: the repair pass of DESIGN.md §3.9 on the configured store and broker,
 * once or every {@code --every} until stopped, as a cron job or a sidecar would run it.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Repair what crashes left behind, once or periodically.",
      "",
      "Runs the reconciler over the configured store and broker: re-send dispatched steps no"
          + " worker started, re-send tasks whose lease expired, release stale resume locks, mark"
          + " runs of lost Java workers FAILURE, refresh cached statuses.",
      "Safe next to servers and other reconcilers: every repair is a guarded change."
    })
final class ReconcileCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Option(
      names = "--every",
      paramLabel = "PERIOD",
      description = "repeat every PERIOD (500ms, 30s, 5m, 1h) until stopped (default: once)")
  Duration every;

  @Mixin ConfigOption config = new ConfigOption();

  ReconcileCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    RhythmConfig configured = config.load(invocation);
    if (configured.store().equals(RhythmConfig.MEMORY)) {
      invocation
          .err()
          .println(
              "rhythm: note: the in-memory store holds only this process's workflows; set"
                  + " RHYTHM_STORE and RHYTHM_MONGO_URI (see --config) to repair the shared one");
    }
    try (StopSignal stop = StopSignal.install();
        RhythmApp app = invocation.apps().open(configured)) {
      invocation.out().println("reconciling " + configured.describe());
      do {
        pass(app);
      } while (every != null && !stop.awaitFor(every));
    }
    return RhythmCli.OK;
  }

  /**
   * One pass, printed with the number of repairs. A pass that fails ends a single run; when
   * repeating, it is reported and the next pass tries again, as the server's reconciler does.
   */
  private void pass(RhythmApp app) {
    String now = Table.time(Instant.now());
    try {
      int repairs = app.reconciler().reconcile();
      invocation.out().println(now + "  " + (repairs == 1 ? "1 repair" : repairs + " repairs"));
    } catch (RuntimeException e) {
      if (every == null) {
        throw e;
      }
      invocation.err().println("rhythm: " + now + "  the pass failed: " + e.getMessage());
    }
    invocation.out().flush();
  }
}
