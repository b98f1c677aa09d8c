package org.rhythm.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;

class StartTimesTest {

  @Test
  void aMarkIsTakenOnce() {
    StartTimes times = StartTimes.byEquality(16);
    times.mark(TaskId.of("a"), 42);

    OptionalLong first = times.take(TaskId.of("a"));

    assertThat(first).hasValue(42);
    assertThat(times.take(TaskId.of("a"))).isEmpty();
  }

  @Test
  void anUnmarkedKeyHasNoTime() {
    StartTimes times = StartTimes.byEquality(16);
    times.mark(TaskId.of("a"), 42);

    OptionalLong other = times.take(TaskId.of("b"));

    assertThat(other).isEmpty();
    assertThat(times.take(TaskId.of("a"))).hasValue(42);
  }

  @Test
  void aMarkWhoseSlotIsTakenByAnotherIsForgottenNotMistaken() {
    StartTimes times = StartTimes.byEquality(1);
    times.mark(TaskId.of("a"), 1);
    times.mark(TaskId.of("b"), 2);

    OptionalLong first = times.take(TaskId.of("a"));

    assertThat(first).isEmpty();
    assertThat(times.take(TaskId.of("b"))).hasValue(2);
  }

  @Test
  void byIdentityAnEqualButOtherObjectHasNoTime() {
    StartTimes times = StartTimes.byIdentity(16);
    String key = new String("run");
    times.mark(key, 7);

    OptionalLong equal = times.take(new String("run"));

    assertThat(equal).isEmpty();
    assertThat(times.take(key)).hasValue(7);
  }

  @Test
  void theSlotsAreAPowerOfTwo() {
    assertThatThrownBy(() -> StartTimes.byEquality(12))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the number of slots is a positive power of two, not 12");
  }
}
