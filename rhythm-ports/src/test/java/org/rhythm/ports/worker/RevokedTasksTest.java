package org.rhythm.ports.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;

class RevokedTasksTest {

  @Test
  void aRevokedIdIsRemembered() {
    RevokedTasks revoked = new RevokedTasks(2);

    revoked.add(TaskId.of("a"));

    assertThat(revoked.contains(TaskId.of("a"))).isTrue();
  }

  @Test
  void theOldestIdIsForgottenBeyondTheCapacity() {
    RevokedTasks revoked = new RevokedTasks(2);

    revoked.add(TaskId.of("a"));
    revoked.add(TaskId.of("b"));
    revoked.add(TaskId.of("a"));
    revoked.add(TaskId.of("c"));

    assertThat(List.of("a", "b", "c"))
        .map(id -> revoked.contains(TaskId.of(id)))
        .containsExactly(false, true, true);
  }
}
