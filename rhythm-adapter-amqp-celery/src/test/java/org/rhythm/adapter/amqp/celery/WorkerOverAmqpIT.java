package org.rhythm.adapter.amqp.celery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.Worker;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * The worker runtime on RabbitMQ, with the in-memory store: what happens to malformed messages and
 * unknown tasks (DESIGN.md §8).
 */
class WorkerOverAmqpIT {
  private static final ViewOptions ALL_RUNS = new ViewOptions(true, true);

  @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();

  private final AmqpSettings settings = RabbitBrokers.settings();
  private final AmqpCeleryBroker broker = rabbit.start(settings);
  private final String queue = RabbitBrokers.freshQueue();
  private final WorkflowService service =
      new WorkflowService(
          new InMemoryResultStore(),
          broker,
          Clock.systemUTC(),
          Ids.random(),
          ServiceSettings.DEFAULTS.withDefaultQueue(queue));
  private final TaskRegistry registry =
      new TaskRegistry()
          .register(
              "tasks.add", context -> List.of(((Number) context.args().get(0)).longValue() + 1));

  @Test
  void aMalformedMessageGoesToTheDeadLetterQueueWithItsReasonAndTheWorkerGoesOn() throws Exception {
    startWorker();
    byte[] poison = "[[1, 2], {}]".getBytes(UTF_8);
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .contentEncoding("utf-8")
            .headers(Map.of("lang", "py", "task", "tasks.add", "id", "poison-1"))
            .deliveryMode(2)
            .build();
    rabbit.rawChannel().basicPublish("", queue, properties, poison);

    WorkflowId id = run("tasks.add", 1);

    assertThat(
            awaitStatus(id, WorkflowStatus.SUCCESS).steps().get(0).lastTaskRun().record().result())
        .isEqualTo(List.of(2L));
    GetResponse dead =
        Await.value(
            "the dead-lettered message",
            () ->
                Optional.ofNullable(
                    rabbit.rawChannel().basicGet(settings.deadLetterQueue(), true)));
    assertThat(dead.getBody()).isEqualTo(poison);
    Map<String, Object> headers = dead.getProps().getHeaders();
    assertThat(headers.get(AmqpCeleryBroker.REASON_HEADER).toString())
        .contains("array of 2 elements");
    assertThat(headers.get(AmqpCeleryBroker.QUEUE_HEADER).toString()).isEqualTo(queue);
    assertThat(headers.get("id").toString()).isEqualTo("poison-1");
    assertThat(dead.getProps().getContentType()).isEqualTo("application/json");
  }

  @Test
  void anUnknownTaskFailsAsCelerysNotRegistered() throws Exception {
    startWorker();

    WorkflowId id = run("tasks.nope", 1);

    WorkflowView failed = awaitStatus(id, WorkflowStatus.FAILURE);
    assertThat(failed.steps().get(0).lastTaskRun().record().result())
        .asInstanceOf(MAP)
        .containsEntry("exc_type", "NotRegistered")
        .containsEntry("exc_message", List.of("tasks.nope"))
        .containsEntry("exc_module", "celery.exceptions");
  }

  private void startWorker() {
    Worker worker =
        new Worker(
            broker, service, registry, WorkerSettings.of("rhythm@amqp-it", List.of(queue), 1));
    rabbit.closeAfter(worker);
    worker.start();
  }

  private WorkflowId run(String task, int argument) {
    WorkflowId id =
        service.create(WorkflowSpec.of("amqp", "worker-over-amqp", StepSpec.of("one", task)));
    service.start(id, List.of(argument), Map.of());
    return id;
  }

  private WorkflowView awaitStatus(WorkflowId id, WorkflowStatus status) throws Exception {
    return Await.value(
        "workflow " + id + " " + status,
        () -> Optional.of(service.view(id, ALL_RUNS)).filter(view -> view.status().equals(status)));
  }
}
