package org.rhythm.ports.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rhythm.ports.out.TransientFailureException;

class BackoffTest {
  private static final Backoff QUICK = new Backoff(3, Duration.ofMillis(1), Duration.ofMillis(2));

  @Test
  void workThatFailsTransientlyIsTriedAgainUntilItSucceeds() {
    AtomicInteger tries = new AtomicInteger();

    String result = QUICK.call(() -> failingTimes(2, tries));

    assertThat(result).isEqualTo("done");
    assertThat(tries).hasValue(3);
  }

  @Test
  void theLastTransientFailureIsThrownOnceTheAttemptsAreUsedUp() {
    AtomicInteger tries = new AtomicInteger();

    assertThatThrownBy(() -> QUICK.call(() -> failingTimes(5, tries)))
        .isInstanceOf(TransientFailureException.class)
        .hasMessage("unreachable 3");
    assertThat(tries).hasValue(3);
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger tries = new AtomicInteger();

    assertThatThrownBy(
            () ->
                QUICK.call(
                    () -> {
                      tries.incrementAndGet();
                      throw new IllegalStateException("a bug");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(tries).hasValue(1);
  }

  @Test
  void aMaximumBelowTheFirstWaitIsRefused() {
    assertThatThrownBy(() -> new Backoff(2, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max is at least first");
  }

  private static String failingTimes(int failures, AtomicInteger tries) {
    int attempt = tries.incrementAndGet();
    if (attempt <= failures) {
      throw new TransientFailureException("unreachable " + attempt, null);
    }
    return "done";
  }
}
