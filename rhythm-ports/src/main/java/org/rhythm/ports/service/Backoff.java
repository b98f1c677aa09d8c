package org.rhythm.ports.service;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Supplier;
import org.rhythm.ports.out.TransientFailureException;

/**
 * How the service retries work that failed because a server could not be reached: up to {@code
 * attempts} tries, waiting {@code first} after the first failure and twice as long after each next
 * one, at most {@code max}.
 */
public record Backoff(int attempts, Duration first, Duration max) {
  /** Five tries over about three seconds. */
  public static final Backoff DEFAULT =
      new Backoff(5, Duration.ofMillis(200), Duration.ofSeconds(2));

  /** One try: failures go straight to the caller. */
  public static final Backoff NONE = new Backoff(1, Duration.ZERO, Duration.ZERO);

  public Backoff {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts is at least 1, not " + attempts);
    }
    requireNonNull(first, "first");
    requireNonNull(max, "max");
    if (first.isNegative() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "backoff waits are not negative and max is at least first, not " + first + ", " + max);
    }
  }

  /**
   * The result of {@code work}, tried again after each {@link TransientFailureException} until the
   * attempts are used up; then the last failure is thrown. An interrupt while waiting ends the
   * retries with that failure.
   */
  <T> T call(Supplier<T> work) {
    Duration wait = first;
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (TransientFailureException failure) {
        if (attempt >= attempts || !pause(wait)) {
          throw failure;
        }
        wait = wait.multipliedBy(2).compareTo(max) > 0 ? max : wait.multipliedBy(2);
      }
    }
  }

  private static boolean pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
