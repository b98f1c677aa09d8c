package org.rhythm.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.adapter.amqp.celery.AmqpSettings;
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
    Injector injector =
        Guice.createInjector(
            Stage.TOOL,
            strict(),
            new CoreModule(),
            new InMemoryBrokerModule(),
            new MongoModule(MongoSettings.of("mongodb://127.0.0.1:27017/celery")));

    assertThat(injector.getBinding(WorkflowCommands.class)).isNotNull();
    assertThat(injector.getBinding(WorkflowQueries.class)).isNotNull();
    assertThat(injector.getBinding(TaskReports.class)).isNotNull();
    assertThat(injector.getBinding(Broker.class)).isNotNull();
    assertThat(injector.getBinding(Reconciler.class)).isNotNull();
    assertThat(injector.getBinding(ResultStore.class).getSource().toString())
        .contains("MongoModule");
  }

  @Test
  void theAmqpBrokerWithTheInMemoryStoreBindsEveryPortAndUseCase() {
    Injector injector =
        Guice.createInjector(
            Stage.TOOL,
            strict(),
            new CoreModule(),
            new AmqpModule(AmqpSettings.fromEnvironment(Map.of())),
            new InMemoryStoreModule());

    assertThat(injector.getBinding(WorkflowCommands.class)).isNotNull();
    assertThat(injector.getBinding(WorkflowQueries.class)).isNotNull();
    assertThat(injector.getBinding(TaskReports.class)).isNotNull();
    assertThat(injector.getBinding(ResultStore.class)).isNotNull();
    assertThat(injector.getBinding(Reconciler.class)).isNotNull();
    assertThat(injector.getBinding(Broker.class).getSource().toString()).contains("AmqpModule");
  }

  @Test
  void theAmqpBrokerWithTheMongoStoreBindsEveryPortAndUseCase() {
    Injector injector =
        Guice.createInjector(
            Stage.TOOL,
            strict(),
            new CoreModule(),
            new AmqpModule(AmqpSettings.defaults().withMaxPriority(10)),
            new MongoModule(MongoSettings.of("mongodb://127.0.0.1:27017/celery")));

    assertThat(injector.getBinding(WorkflowCommands.class)).isNotNull();
    assertThat(injector.getBinding(TaskReports.class)).isNotNull();
    assertThat(injector.getBinding(Reconciler.class)).isNotNull();
    assertThat(injector.getBinding(Broker.class).getSource().toString()).contains("AmqpModule");
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
    assertThat(injector.getBinding(TaskReports.class)).isNotNull();
    assertThat(injector.getBinding(Reconciler.class)).isNotNull();
    assertThat(injector.getBinding(Broker.class).getSource().toString()).contains("KafkaModule");
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
