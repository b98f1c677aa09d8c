package org.rhythm.app.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.rhythm.app.bench.Bench;
import org.rhythm.app.bench.BenchReport;
import org.rhythm.app.bench.BenchSettings;
import org.rhythm.app.demo.Demo;
import org.rhythm.domain.json.Json;

/** The {@code rhythm} command: parses the arguments, runs the command, returns the exit code. */
public final class RhythmCli {
  static final String USAGE =
      String.join(
          "\n",
          "usage: rhythm <command> [options]",
          "",
          "commands:",
          "  demo     run a 3-step workflow twice in this process (in-memory broker and store, Java",
          "           workers) with live progress, a failure that is resumed and a pause that is resumed",
          "  bench    measure step transitions per second and step-to-step latency",
          "             --workflows N (10000)  --steps S (10)  --concurrency C (2)  --prefetch P (4)",
          "             --warmup W (10000)  --broker memory|amqp|kafka  --store memory|mongo  --json",
          "             (--store mongo uses RHYTHM_MONGO_URI, else an in-process MongoDB wire server;",
          "             --broker amqp uses RHYTHM_AMQP_URL, default amqp://guest:guest@127.0.0.1:5672/;",
          "             --broker kafka uses RHYTHM_KAFKA_BOOTSTRAP, else a one-node Kafka in this process)",
          ServerCommand.USAGE
              + KeysCommand.USAGE
              + TokenCommand.USAGE
              + "  help     show this text",
          "");

  private final PrintStream out;
  private final PrintStream err;

  public RhythmCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command line; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
  public int run(String... args) {
    if (args.length == 0) {
      err.print(USAGE);
      return 2;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      return switch (args[0]) {
        case "demo" -> demo(rest);
        case "bench" -> bench(rest);
        case "server" -> ServerCommand.run(rest, out);
        case "keys" -> KeysCommand.run(rest, out);
        case "token" -> TokenCommand.run(rest, out, Clock.systemUTC());
        case "help", "--help", "-h" -> help();
        default -> throw new UsageException("unknown command '" + args[0] + "'");
      };
    } catch (UsageException | IllegalArgumentException e) {
      err.println("rhythm: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (UncheckedIOException e) {
      err.println("rhythm: " + e.getMessage() + ": " + e.getCause().getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("rhythm: interrupted");
      return 1;
    } catch (RuntimeException e) {
      // A server that cannot be reached, or one set up otherwise than Rhythm is: say what, no
      // trace.
      err.println("rhythm: " + e.getMessage());
      return 1;
    }
  }

  private int help() {
    out.print(USAGE);
    return 0;
  }

  private int demo(List<String> args) throws InterruptedException {
    Options options = Options.parse(args, Set.of("millis-per-item"), Set.of("plain"));
    boolean ansi = System.console() != null && !options.flag("plain");
    return new Demo(out, ansi, options.integer("millis-per-item", 60)).run();
  }

  private int bench(List<String> args) {
    Options options =
        Options.parse(
            args,
            Set.of("workflows", "steps", "concurrency", "prefetch", "warmup", "broker", "store"),
            Set.of("json"));
    String broker = options.text("broker", BenchSettings.MEMORY);
    if (!Set.of(BenchSettings.MEMORY, BenchSettings.AMQP, BenchSettings.KAFKA).contains(broker)) {
      throw new UsageException("--broker is 'memory', 'amqp' or 'kafka', not '" + broker + "'");
    }
    String store = options.text("store", BenchSettings.MEMORY);
    if (!store.equals(BenchSettings.MEMORY) && !store.equals(BenchSettings.MONGO)) {
      throw new UsageException("--store is 'memory' or 'mongo', not '" + store + "'");
    }
    BenchSettings defaults = BenchSettings.DEFAULTS;
    BenchSettings settings =
        new BenchSettings(
            options.integer("workflows", defaults.workflows()),
            options.integer("steps", defaults.steps()),
            options.integer("concurrency", defaults.concurrency()),
            options.integer("prefetch", defaults.prefetch()),
            options.integer("warmup", defaults.warmupWorkflows()),
            options.flag("json"),
            store,
            broker);
    BenchReport report = Bench.run(settings);
    out.print(settings.json() ? Json.write(report.toJson()) + "\n" : report.toText());
    if (report.hasAnomalies()) {
      err.println("rhythm bench: the outcome check found anomalies: " + report.anomalies());
      return 1;
    }
    return 0;
  }
}
