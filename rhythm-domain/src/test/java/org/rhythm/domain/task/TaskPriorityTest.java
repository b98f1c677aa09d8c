package org.rhythm.domain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskPriorityTest {

  @ParameterizedTest(name = "{0} is read as {1}")
  @CsvSource({
    "-9223372036854775808, 0",
    "-1, 0",
    "0, 0",
    "1, 1",
    "5, 5",
    "9, 9",
    "10, 9",
    "255, 9",
    "9223372036854775807, 9"
  })
  void anyIntegerIsClampedToZeroToNine(long written, int read) {
    long value = written;

    TaskPriority priority = TaskPriority.clamped(value);

    assertThat(priority).isEqualTo(new TaskPriority(read));
  }

  @Test
  void aStepsOwnPriorityWinsOverItsPosition() {
    Integer own = 7;

    TaskPriority priority = TaskPriority.forStep(own, 2);

    assertThat(priority.value()).isEqualTo(7);
  }

  @Test
  void anOwnPriorityOfZeroStillWins() {
    Integer own = 0;

    TaskPriority priority = TaskPriority.forStep(own, 4);

    assertThat(priority.value()).isZero();
  }

  @Test
  void anOwnPriorityOutsideTheRangeIsClamped() {
    Integer own = 12;

    TaskPriority priority = TaskPriority.forStep(own, 1);

    assertThat(priority.value()).isEqualTo(9);
  }

  @ParameterizedTest(name = "step {0} gets priority {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
  void aStepWithoutPriorityGetsItsOneBasedPosition(int position) {
    Integer own = null;

    TaskPriority priority = TaskPriority.forStep(own, position);

    assertThat(priority.value()).isEqualTo(position);
  }

  @ParameterizedTest(name = "step {0} gets priority 9")
  @ValueSource(ints = {10, 11, 100, 1000})
  void aStepAtPositionTenOrLaterGetsNine(int position) {
    Integer own = null;

    TaskPriority priority = TaskPriority.forStep(own, position);

    assertThat(priority.value()).isEqualTo(9);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 9})
  void theBoundsAreValidPriorities(int value) {
    int bound = value;

    TaskPriority priority = new TaskPriority(bound);

    assertThat(priority.value()).isEqualTo(bound);
  }

  @Test
  void aPriorityAboveNineIsRefusedWithItsValue() {
    int ten = 10;

    assertThatThrownBy(() -> new TaskPriority(ten))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a priority is between 0 and 9, not 10");
  }

  @Test
  void aNegativePriorityIsRefusedWithItsValue() {
    int negative = -1;

    assertThatThrownBy(() -> new TaskPriority(negative))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a priority is between 0 and 9, not -1");
  }
}
