package org.rhythm.ports.worker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * How a task's failures are retried, with Celery's semantics: the same task id runs again, up to
 * {@code maxRetries} more times, when it threw an instance of one of {@code retryOn}. The n-th
 * retry (counting from 0) waits {@code initialBackoff × multiplier^n}, at most {@code maxBackoff}.
 */
public record RetryPolicy(
    int maxRetries,
    Duration initialBackoff,
    double multiplier,
    Duration maxBackoff,
    List<Class<? extends Throwable>> retryOn) {

  /** Never retries: the first failure is final. */
  public static final RetryPolicy NONE =
      new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, List.of());

  /** Celery's default {@code retry_backoff_max}. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(10);

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries is not negative: " + maxRetries);
    }
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoffs satisfy 0 <= initial <= max, not initial "
              + initialBackoff
              + " and max "
              + maxBackoff);
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "the backoff multiplier is finite and at least 1: " + multiplier);
    }
    retryOn = List.copyOf(retryOn);
    if (maxRetries > 0 && retryOn.isEmpty()) {
      throw new IllegalArgumentException("a policy with retries names the exceptions that retry");
    }
  }

  /**
   * Retries up to {@code maxRetries} times on the given exceptions, doubling {@code initialBackoff}
   * each time up to {@link #DEFAULT_MAX_BACKOFF} (or {@code initialBackoff} when that is longer).
   */
  @SafeVarargs
  public static RetryPolicy retrying(
      int maxRetries, Duration initialBackoff, Class<? extends Throwable>... retryOn) {
    Duration max =
        initialBackoff.compareTo(DEFAULT_MAX_BACKOFF) > 0 ? initialBackoff : DEFAULT_MAX_BACKOFF;
    return new RetryPolicy(maxRetries, initialBackoff, 2, max, List.of(retryOn));
  }

  public RetryPolicy withMultiplier(double newMultiplier) {
    return new RetryPolicy(maxRetries, initialBackoff, newMultiplier, maxBackoff, retryOn);
  }

  public RetryPolicy withMaxBackoff(Duration newMaxBackoff) {
    return new RetryPolicy(maxRetries, initialBackoff, multiplier, newMaxBackoff, retryOn);
  }

  /** Whether a task that threw {@code error} after {@code retriesSoFar} retries runs again. */
  public boolean allowsRetry(Throwable error, int retriesSoFar) {
    requireNonNull(error, "error");
    if (retriesSoFar >= maxRetries) {
      return false;
    }
    for (Class<? extends Throwable> type : retryOn) {
      if (type.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  /** How long to wait before the retry that follows {@code retriesSoFar} earlier retries. */
  public Duration backoff(int retriesSoFar) {
    if (retriesSoFar < 0) {
      throw new IllegalArgumentException("retriesSoFar is not negative: " + retriesSoFar);
    }
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retriesSoFar);
    return nanos >= maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos((long) nanos);
  }
}
