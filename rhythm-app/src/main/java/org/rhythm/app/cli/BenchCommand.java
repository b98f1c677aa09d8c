package org.rhythm.app.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.rhythm.app.bench.Bench;
import org.rhythm.app.bench.BenchReport;
import org.rhythm.app.bench.BenchSettings;
import org.rhythm.domain.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rhythm bench}: step transitions per second and step-to-step latency ({@link Bench}). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Measure step transitions per second and step-to-step latency.",
      "",
      "Runs N workflows of S no-op steps on a Java worker, then checks every workflow; exits 1"
          + " on any anomaly.",
      "--store mongo uses RHYTHM_MONGO_URI, else an in-process MongoDB wire server; --broker amqp"
          + " uses RHYTHM_AMQP_URL (default amqp://guest:guest@127.0.0.1:5672/); --broker kafka"
          + " uses RHYTHM_KAFKA_BOOTSTRAP, else a one-node Kafka in this process."
    })
final class BenchCommand implements Callable<Integer> {
  private static final BenchSettings DEFAULTS = BenchSettings.DEFAULTS;

  private final Invocation invocation;

  @Option(names = "--workflows", paramLabel = "N", description = "workflows to run")
  int workflows = DEFAULTS.workflows();

  @Option(names = "--steps", paramLabel = "S", description = "steps per workflow")
  int steps = DEFAULTS.steps();

  @Option(names = "--concurrency", paramLabel = "C", description = "the worker's threads")
  int concurrency = DEFAULTS.concurrency();

  @Option(names = "--prefetch", paramLabel = "P", description = "unacknowledged messages per queue")
  int prefetch = DEFAULTS.prefetch();

  @Option(names = "--warmup", paramLabel = "W", description = "workflows run first, not measured")
  int warmup = DEFAULTS.warmupWorkflows();

  @Option(names = "--broker", paramLabel = "BROKER", description = "memory, amqp or kafka")
  String broker = BenchSettings.MEMORY;

  @Option(names = "--store", paramLabel = "STORE", description = "memory or mongo")
  String store = BenchSettings.MEMORY;

  @Option(names = "--json", description = "print the report as one JSON object")
  boolean json;

  BenchCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    if (!List.of(BenchSettings.MEMORY, BenchSettings.AMQP, BenchSettings.KAFKA).contains(broker)) {
      throw new UsageException("--broker is 'memory', 'amqp' or 'kafka', not '" + broker + "'");
    }
    if (!List.of(BenchSettings.MEMORY, BenchSettings.MONGO).contains(store)) {
      throw new UsageException("--store is 'memory' or 'mongo', not '" + store + "'");
    }
    BenchSettings settings =
        new BenchSettings(workflows, steps, concurrency, prefetch, warmup, json, store, broker);
    BenchReport report = Bench.run(settings);
    invocation.out().print(json ? Json.write(report.toJson()) + "\n" : report.toText());
    if (report.hasAnomalies()) {
      invocation
          .err()
          .println("rhythm: bench: the outcome check found anomalies: " + report.anomalies());
      return RhythmCli.FAILED;
    }
    return RhythmCli.OK;
  }
}
