package org.rhythm.ports.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepResultsTest {

  @Test
  void aNonEmptyJsonListIsAStepResultInCanonicalForm() {
    List<Object> returned = List.of(1, "two");

    List<Object> result = StepResults.of("tasks.a", returned);

    assertThat(result).containsExactly(1L, "two");
  }

  @Test
  void anEmptyListIsRefusedNamingTheTask() {
    assertThatThrownBy(() -> StepResults.of("tasks.a", List.of()))
        .isInstanceOf(InvalidTaskResultException.class)
        .hasMessage("task tasks.a returned []: a step's result is a non-empty list");
  }

  @Test
  void aListHoldingSomethingThatIsNotJsonIsRefused() {
    List<Object> returned = List.of(new Object());

    assertThatThrownBy(() -> StepResults.of("tasks.a", returned))
        .isInstanceOf(InvalidTaskResultException.class)
        .hasMessageStartingWith(
            "task tasks.a returned a list that is not JSON: not a JSON value: java.lang.Object");
  }
}
