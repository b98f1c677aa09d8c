package org.rhythm.adapter.amqp.celery;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Waiting for a condition with a deadline, never for a fixed time. */
final class Await {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Await() {}

  /** Polls {@code probe} until it gives a value, failing after {@code timeout}. */
  static <T> T value(String what, Duration timeout, Probe<T> probe) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        return fail(what + ": nothing came within " + timeout);
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  static <T> T value(String what, Probe<T> probe) throws Exception {
    return value(what, TIMEOUT, probe);
  }

  /** The next element of {@code queue}, failing after {@code timeout}. */
  static <T> T next(String what, BlockingQueue<T> queue, Duration timeout)
      throws InterruptedException {
    T next = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (next == null) {
      fail(what + ": nothing came within " + timeout);
    }
    return next;
  }

  /** A check that may throw. */
  interface Probe<T> {
    Optional<T> get() throws Exception;
  }
}
