package org.rhythm.ports.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskModulesTest {
  private static final RhythmTask ECHO = context -> List.of(context.args().get(0));

  /** Listed in this module's test resources, META-INF/services. */
  public static final class Listed implements TaskModule {
    @Override
    public void register(TaskRegistry registry) {
      registry.register("listed.echo", ECHO, RetryPolicy.NONE);
    }

    @Override
    public List<String> queues() {
      return List.of("listed");
    }
  }

  private record Module(List<String> names, List<String> queues) implements TaskModule {
    @Override
    public void register(TaskRegistry registry) {
      names.forEach(name -> registry.register(name, ECHO));
    }
  }

  @Test
  void theServiceLoaderFindsAModuleListedInMetaInfServices() {
    TaskModules modules = TaskModules.load(getClass().getClassLoader());

    assertThat(modules.tasks()).containsEntry("listed.echo", Listed.class.getName());
    assertThat(modules.queues()).contains("listed");
    assertThat(modules.registry().find("listed.echo")).isPresent();
  }

  @Test
  void theTasksOfEveryModuleLandInOneRegistryAndTheirQueuesAreNamedOnce() {
    TaskModules modules =
        TaskModules.of(
            List.of(
                new Module(List.of("a.one", "a.two"), List.of("qa", "shared")),
                new Module(List.of("b.one"), List.of("shared", "qb"))));

    assertThat(modules.registry().names()).containsExactlyInAnyOrder("a.one", "a.two", "b.one");
    assertThat(modules.queues()).containsExactly("qa", "shared", "qb");
    assertThat(modules.tasks().keySet()).containsExactly("a.one", "a.two", "b.one");
    assertThat(modules.isEmpty()).isFalse();
  }

  @Test
  void aModuleNamesNoQueueUnlessItSaysSo() {
    TaskModule quiet = registry -> registry.register("quiet.task", ECHO);

    TaskModules modules = TaskModules.of(List.of(quiet));

    assertThat(modules.queues()).isEmpty();
    assertThat(modules.tasks()).isEqualTo(Map.of("quiet.task", quiet.getClass().getName()));
  }

  @Test
  void twoModulesRegisteringOneTaskNameAreRefusedNamingBoth() {
    List<TaskModule> clashing =
        List.of(
            new Module(List.of("same"), List.of()),
            new Listed(),
            new Module(List.of("same"), List.of()));

    assertThatThrownBy(() -> TaskModules.of(clashing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the task 'same' is registered by two modules: "
                + Module.class.getName()
                + " and "
                + Module.class.getName());
  }

  @Test
  void noModulesMeanNoTasks() {
    TaskModules modules = TaskModules.of(List.of());

    assertThat(modules.isEmpty()).isTrue();
    assertThat(modules.registry().names()).isEmpty();
  }
}
