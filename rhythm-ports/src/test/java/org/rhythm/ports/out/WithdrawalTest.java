package org.rhythm.ports.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WithdrawalTest {
  private final Withdrawal withdrawal = new Withdrawal();

  @Test
  void theHandlerIsAskedOnceAndItsAnswerGiven() {
    AtomicInteger asked = new AtomicInteger();
    withdrawal.set(() -> asked.incrementAndGet() > 0);

    assertThat(withdrawal.takeOver("delivery 1")).isTrue();
    assertThat(withdrawal.takeOver("delivery 1")).as("asked again").isFalse();
    assertThat(asked).hasValue(1);
  }

  @Test
  void nothingSetOrAFailingHandlerTakesNothingOver() {
    assertThat(withdrawal.takeOver("delivery 2")).isFalse();

    withdrawal.set(
        () -> {
          throw new IllegalStateException("the store is down");
        });

    assertThat(withdrawal.takeOver("delivery 2")).isFalse();
  }
}
