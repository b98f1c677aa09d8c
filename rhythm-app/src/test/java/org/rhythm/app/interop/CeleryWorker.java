package org.rhythm.app.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Python Celery 5.2 worker ({@code /usr/bin/python3 -m celery}, Debian's python3-celery)
 * running the tasks of {@code interop_tasks.py} from the test resources, as a child process whose
 * log goes to {@code target/}. Stopped with SIGTERM (Celery's warm shutdown), killed if it lingers.
 */
final class CeleryWorker implements AutoCloseable {
  static final String PYTHON = "/usr/bin/python3";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(100);

  private final Process process;
  private final Path log;

  private CeleryWorker(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts a worker named {@code name} consuming {@code queues} with two prefork children, and
   * waits until Celery logs that it is ready.
   */
  static CeleryWorker start(String name, List<String> queues, Map<String, String> environment)
      throws IOException, InterruptedException {
    Path log = Path.of("target", "celery-" + name + ".log").toAbsolutePath();
    Files.deleteIfExists(log);
    List<String> command =
        new ArrayList<>(
            List.of(
                PYTHON,
                "-m",
                "celery",
                "-A",
                "interop_tasks",
                "worker",
                "-Q",
                String.join(",", queues),
                "-c",
                "2",
                "--hostname",
                name + "@%h",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(Interop.scriptDirectory().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    CeleryWorker worker = new CeleryWorker(builder.start(), log);
    worker.awaitReady();
    return worker;
  }

  /** What the worker logged so far. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the Celery worker exited with " + process.exitValue() + ":\n" + log());
      }
      if (log().contains(" ready.")) {
        return;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    close();
    throw new IllegalStateException(
        "the Celery worker was not ready within " + READY_TIMEOUT + ":\n" + log());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }
}
