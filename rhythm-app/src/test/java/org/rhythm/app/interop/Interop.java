package org.rhythm.app.interop;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.rhythm.domain.json.Json;

/** Where the Python side of the interop tests lives, and how to run its client script. */
final class Interop {
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

  /** How long a test waits for a workflow to get somewhere, and how often it looks. */
  static final Duration WAIT = Duration.ofSeconds(60);

  private static final Duration POLL = Duration.ofMillis(50);

  private Interop() {}

  /**
   * Reads {@code what} until it satisfies the condition and returns it; fails after {@link #WAIT}
   * with what it last read and the Python worker's log.
   */
  static <T> T await(String what, Supplier<T> read, Predicate<T> condition, CeleryWorker python) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    T value = read.get();
    while (!condition.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            what
                + " did not get there within "
                + WAIT
                + "; it is "
                + value
                + "\nPython worker log:\n"
                + python.log());
      }
      LockSupport.parkNanos(POLL.toNanos());
      value = read.get();
    }
    return value;
  }

  /** The test resources folder holding {@code interop_tasks.py} and {@code interop_client.py}. */
  static Path scriptDirectory() {
    try {
      return Path.of(Interop.class.getResource("/interop/interop_tasks.py").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code interop_client.py command argument} under Debian's Python and returns the JSON
   * object it prints.
   */
  static Map<String, Object> client(
      Map<String, String> environment, String command, String argument)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(List.of(CeleryWorker.PYTHON, "interop_client.py", command, argument))
            .directory(scriptDirectory().toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("interop_client.py " + command + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "interop_client.py " + command + " exited with " + process.exitValue() + ":\n" + err);
    }
    Object parsed = Json.parse(new String(out, StandardCharsets.UTF_8));
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalStateException("interop_client.py printed no JSON object: " + parsed);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) map;
    return object;
  }
}
