package org.rhythm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.WorkflowCommands;
import org.rhythm.ports.in.WorkflowQueries;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.service.Reconciler;

/** One configuration chooses the adapters; every combination wires (DESIGN.md §2, STYLE.md §8). */
class RhythmConfigTest {
  private static final String MONGO_URI = "mongodb://127.0.0.1:27017/celery";

  @ParameterizedTest(name = "broker {0}, store {1}")
  @CsvSource({
    "memory, memory, InMemoryBrokerModule, InMemoryStoreModule",
    "memory, mongo, InMemoryBrokerModule, MongoModule",
    "amqp, memory, AmqpModule, InMemoryStoreModule",
    "amqp, mongo, AmqpModule, MongoModule",
    "kafka, memory, KafkaModule, InMemoryStoreModule",
    "kafka, mongo, KafkaModule, MongoModule"
  })
  void everyCombinationOfBrokerAndStoreBindsEveryPortAndUseCase(
      String broker, String store, String brokerModule, String storeModule) {
    Map<String, String> values = new HashMap<>();
    values.put(RhythmConfig.BROKER, broker);
    values.put(RhythmConfig.STORE, store);
    values.put(RhythmConfig.MONGO_URI, MONGO_URI);
    values.put("RHYTHM_KAFKA_BOOTSTRAP", "127.0.0.1:9092");

    Injector injector = wire(RhythmConfig.of(values));

    assertThat(injector.getBinding(WorkflowCommands.class)).isNotNull();
    assertThat(injector.getBinding(WorkflowQueries.class)).isNotNull();
    assertThat(injector.getBinding(TaskReports.class)).isNotNull();
    assertThat(injector.getBinding(Reconciler.class)).isNotNull();
    assertThat(injector.getBinding(Broker.class).getSource().toString()).contains(brokerModule);
    assertThat(injector.getBinding(ResultStore.class).getSource().toString()).contains(storeModule);
  }

  @Test
  void nothingSetRunsEverythingInThisProcess() {
    RhythmConfig config = RhythmConfig.of(Map.of());

    assertThat(config.broker()).isEqualTo(RhythmConfig.MEMORY);
    assertThat(config.store()).isEqualTo(RhythmConfig.MEMORY);
    assertThat(config.describe()).isEqualTo("broker memory, store memory");
  }

  @Test
  void aConnectionStringAloneChoosesItsAdapter() {
    RhythmConfig config =
        RhythmConfig.of(
            Map.of(
                RhythmConfig.MONGO_URI,
                "mongodb://rhythm:secret@db:27017/celery",
                "RHYTHM_AMQP_URL",
                "amqp://guest:guest@rabbit:5672/"));

    assertThat(config.broker()).isEqualTo(RhythmConfig.AMQP);
    assertThat(config.store()).isEqualTo(RhythmConfig.MONGO);
    assertThat(config.describe()).doesNotContain("secret");
  }

  @Test
  void anUnknownAdapterIsNamedWithTheChoices() {
    assertThatThrownBy(() -> RhythmConfig.of(Map.of(RhythmConfig.BROKER, "nats")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RHYTHM_BROKER is one of memory, amqp, kafka, not 'nats'");
  }

  @Test
  void theMongoStoreWithoutAConnectionStringSaysWhatIsMissing() {
    RhythmConfig config = RhythmConfig.of(Map.of(RhythmConfig.STORE, "mongo"));

    assertThatThrownBy(config::modules)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RHYTHM_STORE=mongo needs RHYTHM_MONGO_URI");
  }

  @Test
  void theEnvironmentOverridesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("rhythm.properties");
    Files.writeString(
        file, "RHYTHM_BROKER=amqp\nRHYTHM_STORE=mongo\nRHYTHM_MONGO_URI=" + MONGO_URI + "\n");

    RhythmConfig config = RhythmConfig.load(file, Map.of("RHYTHM_BROKER", "memory", "PATH", "/x"));

    assertThat(config.broker()).isEqualTo(RhythmConfig.MEMORY);
    assertThat(config.store()).isEqualTo(RhythmConfig.MONGO);
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> RhythmConfig.load(missing, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read the configuration file " + missing);
  }

  private static Injector wire(RhythmConfig config) {
    List<Module> modules = new ArrayList<>(config.modules());
    modules.add(
        new AbstractModule() {
          @Override
          protected void configure() {
            binder().requireExplicitBindings();
          }
        });
    return Guice.createInjector(Stage.TOOL, modules);
  }
}
