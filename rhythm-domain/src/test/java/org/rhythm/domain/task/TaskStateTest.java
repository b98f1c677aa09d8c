package org.rhythm.domain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaskStateTest {

  /** Celery's states, in the order of the rows and columns of {@link #MOVES}. */
  private static final List<String> KNOWN =
      List.of("PENDING", "RECEIVED", "STARTED", "RETRY", "SUCCESS", "FAILURE", "REVOKED");

  /**
   * Whether a record in the row's state may be overwritten by one in the column's state: done
   * states are final, PENDING moves anywhere, RECEIVED anywhere but back to PENDING, STARTED and
   * RETRY to STARTED, RETRY or done.
   */
  private static final String[] MOVES = {
    //             PEN REC STA RET SUC FAI REV
    /* PENDING  */ "y   y   y   y   y   y   y",
    /* RECEIVED */ "n   y   y   y   y   y   y",
    /* STARTED  */ "n   n   y   y   y   y   y",
    /* RETRY    */ "n   n   y   y   y   y   y",
    /* SUCCESS  */ "n   n   n   n   n   n   n",
    /* FAILURE  */ "n   n   n   n   n   n   n",
    /* REVOKED  */ "n   n   n   n   n   n   n",
  };

  static Stream<Arguments> everyPairOfKnownStates() {
    List<Arguments> pairs = new ArrayList<>();
    for (int from = 0; from < KNOWN.size(); from++) {
      String[] row = MOVES[from].split("\\s+");
      for (int to = 0; to < KNOWN.size(); to++) {
        pairs.add(Arguments.of(KNOWN.get(from), KNOWN.get(to), row[to].equals("y")));
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} may move to {1}: {2}")
  @MethodSource("everyPairOfKnownStates")
  void aKnownStateMovesOnlyAlongTheTable(String from, String to, boolean allowed) {
    TaskState current = TaskState.of(from);

    boolean movable = current.canMoveTo(TaskState.of(to));

    assertThat(movable).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "Known.{0} may move to Known.{1}: {2}")
  @MethodSource("everyPairOfKnownStates")
  void celerysEnumAgreesWithTheTable(String from, String to, boolean allowed) {
    TaskState.Known current = TaskState.Known.valueOf(from);

    boolean movable = current.canMoveTo(TaskState.Known.valueOf(to));

    assertThat(movable).isEqualTo(allowed);
  }

  @Test
  void theTableCoversEveryKnownStateInOrder() {
    List<String> known = Stream.of(TaskState.Known.values()).map(Enum::name).toList();

    assertThat(known).isEqualTo(KNOWN);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"PENDING", "RECEIVED", "STARTED", "RETRY", "SUCCESS", "FAILURE", "REVOKED"})
  void aCustomStateMayMoveToAnyKnownState(String to) {
    TaskState progress = TaskState.of("PROGRESS");

    boolean movable = progress.canMoveTo(TaskState.of(to));

    assertThat(movable).isTrue();
  }

  @Test
  void aCustomStateMayMoveToAnotherCustomState() {
    TaskState progress = TaskState.of("PROGRESS");

    boolean movable = progress.canMoveTo(TaskState.of("UPLOADING"));

    assertThat(movable).isTrue();
  }

  @Test
  void aCustomStateMayBeRecordedAgain() {
    TaskState progress = TaskState.of("PROGRESS");

    boolean movable = progress.canMoveTo(TaskState.of("PROGRESS"));

    assertThat(movable).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PENDING", "RECEIVED", "STARTED", "RETRY"})
  void aStateThatIsNotDoneMayMoveToACustomState(String from) {
    TaskState current = TaskState.of(from);

    boolean movable = current.canMoveTo(TaskState.of("PROGRESS"));

    assertThat(movable).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"SUCCESS", "FAILURE", "REVOKED"})
  void aDoneStateNeverMovesToACustomState(String from) {
    TaskState current = TaskState.of(from);

    boolean movable = current.canMoveTo(TaskState.of("PROGRESS"));

    assertThat(movable).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"SUCCESS", "FAILURE", "REVOKED"})
  void successFailureAndRevokedAreDone(String name) {
    TaskState state = TaskState.of(name);

    boolean done = state.isDone();

    assertThat(done).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PENDING", "RECEIVED", "STARTED", "RETRY", "PROGRESS", "success"})
  void everyOtherStateIsNotDone(String name) {
    TaskState state = TaskState.of(name);

    boolean done = state.isDone();

    assertThat(done).isFalse();
  }

  @Test
  void aCustomStateIsKeptAsWrittenAndKnowsNoCeleryState() {
    TaskState progress = TaskState.of("PROGRESS");

    String written = progress.toString();

    assertThat(written).isEqualTo("PROGRESS");
    assertThat(progress.known()).isEmpty();
  }

  @Test
  void theConstantsAreCelerysStates() {
    List<TaskState> constants =
        List.of(
            TaskState.PENDING,
            TaskState.RECEIVED,
            TaskState.STARTED,
            TaskState.RETRY,
            TaskState.SUCCESS,
            TaskState.FAILURE,
            TaskState.REVOKED);

    List<TaskState.Known> known = constants.stream().map(s -> s.known().orElseThrow()).toList();

    assertThat(known).containsExactly(TaskState.Known.values());
  }

  @Test
  void aBlankStateIsRefused() {
    String blank = " ";

    assertThatThrownBy(() -> TaskState.of(blank))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a task state is not blank");
  }
}
