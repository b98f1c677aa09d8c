package org.rhythm.ports.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void theDefaultPolicyNeverRetries() {
    RetryPolicy policy = RetryPolicy.NONE;

    boolean retries = policy.allowsRetry(new RuntimeException("boom"), 0);

    assertThat(retries).isFalse();
  }

  @Test
  void onlyTheNamedExceptionsAndTheirSubclassesAreRetried() {
    RetryPolicy policy = RetryPolicy.retrying(3, Duration.ZERO, IOException.class);

    List<Boolean> retries =
        List.of(
            policy.allowsRetry(new NoSuchFileException("x"), 0),
            policy.allowsRetry(new UncheckedIOException(new IOException("x")), 0));

    assertThat(retries).containsExactly(true, false);
  }

  @Test
  void aTaskIsRetriedAtMostMaxRetriesTimes() {
    RetryPolicy policy = RetryPolicy.retrying(2, Duration.ZERO, Exception.class);

    List<Boolean> retries =
        List.of(
            policy.allowsRetry(new Exception(), 0),
            policy.allowsRetry(new Exception(), 1),
            policy.allowsRetry(new Exception(), 2));

    assertThat(retries).containsExactly(true, true, false);
  }

  @Test
  void theBackoffGrowsByTheMultiplierUpToTheMaximum() {
    RetryPolicy policy =
        RetryPolicy.retrying(10, Duration.ofSeconds(1), Exception.class)
            .withMultiplier(3)
            .withMaxBackoff(Duration.ofSeconds(20));

    List<Duration> backoffs =
        List.of(policy.backoff(0), policy.backoff(1), policy.backoff(2), policy.backoff(3));

    assertThat(backoffs)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            Duration.ofSeconds(9),
            Duration.ofSeconds(20));
  }

  @Test
  void aPolicyWithRetriesButNoExceptionToRetryOnIsRefused() {
    Duration second = Duration.ofSeconds(1);

    assertThatThrownBy(() -> new RetryPolicy(1, second, 2, second, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names the exceptions");
  }

  @Test
  void aMaximumBackoffShorterThanTheInitialOneIsRefused() {
    RetryPolicy policy = RetryPolicy.retrying(1, Duration.ofSeconds(5), Exception.class);

    assertThatThrownBy(() -> policy.withMaxBackoff(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 <= initial <= max");
  }
}
