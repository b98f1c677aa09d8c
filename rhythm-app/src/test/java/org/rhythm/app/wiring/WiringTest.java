package org.rhythm.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import org.junit.jupiter.api.Test;
import org.rhythm.adapter.kafka.KafkaSettings;
import org.rhythm.adapter.mongo.MongoSettings;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.WorkflowCommands;
import org.rhythm.ports.in.WorkflowQueries;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.service.Reconciler;

/** Every production combination of modules builds with explicit bindings only (STYLE.md §8). */
class WiringTest {

  @Test
  void theInMemoryCombinationBindsEveryPortAndUseCase() {
    Injector injector =
        Guice.createInjector(Stage.TOOL, strict(), new CoreModule(), new InMemoryModule());

    assertThat(injector.getBinding(WorkflowCommands.class)).isNotNull();
    assertThat(injector.getBinding(WorkflowQueries.class)).isNotNull();
    assertThat(injector.getBinding(TaskReports.class)).isNotNull();
    assertThat(injector.getBinding(Broker.class)).isNotNull();
    assertThat(injector.getBinding(ResultStore.class)).isNotNull();
    assertThat(injector.getBinding(Reconciler.class)).isNotNull();
  }

  @Test
  void theMongoStoreWithTheInMemoryBrokerBindsEveryPortAndUseCase() {
    Module mongoStore =
        Modules.override(new InMemoryModule())
            .with(new MongoModule(MongoSettings.of("mongodb://127.0.0.1:27017/celery")));

    Injector injector = Guice.createInjector(Stage.TOOL, strict(), new CoreModule(), mongoStore);

    assertThat(injector.getBinding(WorkflowCommands.class)).isNotNull();
    assertThat(injector.getBinding(WorkflowQueries.class)).isNotNull();
    assertThat(injector.getBinding(TaskReports.class)).isNotNull();
    assertThat(injector.getBinding(Broker.class)).isNotNull();
    assertThat(injector.getBinding(Reconciler.class)).isNotNull();
    assertThat(injector.getBinding(ResultStore.class).getSource().toString())
        .contains("MongoModule");
  }

  @Test
  void theKafkaBrokerWithTheMongoStoreBindsEveryPortAndUseCase() {
    Injector injector =
        Guice.createInjector(
            Stage.TOOL,
            strict(),
            new CoreModule(),
            new MongoModule(MongoSettings.of("mongodb://127.0.0.1:27017/celery")),
            new KafkaModule(KafkaSettings.of("127.0.0.1:9092")));

    assertThat(injector.getBinding(WorkflowCommands.class)).isNotNull();
    assertThat(injector.getBinding(WorkflowQueries.class)).isNotNull();
    assertThat(injector.getBinding(TaskReports.class)).isNotNull();
    assertThat(injector.getBinding(Reconciler.class)).isNotNull();
    assertThat(injector.getBinding(Broker.class).getSource().toString()).contains("KafkaModule");
    assertThat(injector.getBinding(ResultStore.class).getSource().toString())
        .contains("MongoModule");
  }

  private static Module strict() {
    return new AbstractModule() {
      @Override
      protected void configure() {
        binder().requireExplicitBindings();
      }
    };
  }
}
