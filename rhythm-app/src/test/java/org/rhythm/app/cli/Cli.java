package org.rhythm.app.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code rhythm} command line run in the test JVM, with what it prints captured, an empty
 * environment unless told otherwise, and commands that run until stopped on threads of their own.
 */
final class Cli {
  static final Duration PATIENCE = Duration.ofSeconds(30);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final RhythmCli cli;

  Cli(AppFactory apps, Map<String, String> environment, String stdin) {
    cli =
        new RhythmCli(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            environment,
            apps);
  }

  Cli(AppFactory apps) {
    this(apps, Map.of(), "");
  }

  /** On the adapters the (empty) configuration chooses: in-memory, of the command's own. */
  Cli() {
    this(AppFactory.CONFIGURED);
  }

  int run(String... args) {
    return cli.run(args);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what was printed so far. */
  void reset() {
    out.reset();
    err.reset();
  }

  /** Runs a command that runs until stopped on a thread of its own. */
  Background background(String... args) {
    return new Background(args);
  }

  /** Waits, polling with a deadline, until the condition holds. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  /** A command running on its own thread; stopping it interrupts it, as Ctrl-C would stop it. */
  final class Background implements AutoCloseable {
    private final Thread thread;
    private volatile Integer exit;

    private Background(String... args) {
      thread = new Thread(() -> exit = run(args), "rhythm-" + args[0]);
      thread.start();
    }

    /** The first group of the pattern in what was printed, once printed. */
    String awaitOutput(String regex) {
      Pattern pattern = Pattern.compile(regex);
      await(
          "'" + regex + "' in the output of a command; out: " + out() + " err: " + err(),
          () -> pattern.matcher(out()).find() || exit != null);
      Matcher matcher = pattern.matcher(out());
      if (!matcher.find()) {
        throw new AssertionError(
            "the command ended with " + exit + " before printing '" + regex + "': " + err());
      }
      return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
    }

    /** Stops the command; returns its exit code. */
    int stop() throws InterruptedException {
      thread.interrupt();
      thread.join(PATIENCE.toMillis());
      if (thread.isAlive()) {
        throw new AssertionError("the command did not stop within " + PATIENCE.toSeconds() + " s");
      }
      return exit;
    }

    @Override
    public void close() throws InterruptedException {
      if (thread.isAlive()) {
        stop();
      }
    }
  }
}
