package org.rhythm.ports.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {
  private static final RhythmTask ECHO = context -> List.of(context.args().get(0));

  @Test
  void aTaskRegisteredWithoutAPolicyIsFoundByNameAndNeverRetried() {
    TaskRegistry registry = new TaskRegistry().register("tasks.echo", ECHO);

    RegisteredTask found = registry.find("tasks.echo").orElseThrow();

    assertThat(found).isEqualTo(new RegisteredTask("tasks.echo", ECHO, RetryPolicy.NONE));
  }

  @Test
  void anUnknownNameFindsNothing() {
    TaskRegistry registry = new TaskRegistry().register("tasks.echo", ECHO);

    assertThat(registry.find("tasks.other")).isEmpty();
  }

  @Test
  void registeringANameTwiceIsRefused() {
    TaskRegistry registry = new TaskRegistry().register("tasks.echo", ECHO);

    assertThatThrownBy(() -> registry.register("tasks.echo", ECHO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a task named 'tasks.echo' is already registered");
  }
}
