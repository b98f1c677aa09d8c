package org.rhythm.adapter.amqp.celery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.TaskMessage;

/**
 * A queue that exists with other arguments than the broker declares (406 PRECONDITION_FAILED,
 * celery-wire.md §2): a clear error saying how to fix it, and a broker that still works.
 */
class InequivalentQueueIT {
  @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();

  @Test
  void aPriorityQueueMeetsABrokerWithoutPrioritiesWithAnErrorNamingTheFix() throws Exception {
    String queue = rabbit.deleteAfter(RabbitBrokers.freshQueue());
    rabbit.rawChannel().queueDeclare(queue, true, false, false, Map.of("x-max-priority", 10));
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());

    assertThatThrownBy(() -> broker.publish(message(queue)))
        .isInstanceOfSatisfying(
            InequivalentQueueException.class,
            e -> {
              assertThat(e.queue()).isEqualTo(queue);
              assertThat(e.argument()).isEqualTo("x-max-priority");
            })
        .hasMessageContaining("queue '" + queue + "' exists on RabbitMQ with x-max-priority 10")
        .hasMessageContaining("Rhythm declares it with x-max-priority none")
        .hasMessageContaining("Set RHYTHM_AMQP_MAX_PRIORITY=10")
        .hasMessageContaining("task_queue_max_priority");
  }

  @Test
  void aPlainQueueMeetsABrokerWithPrioritiesWithAnErrorNamingTheFix() throws Exception {
    String queue = rabbit.deleteAfter(RabbitBrokers.freshQueue());
    rabbit.rawChannel().queueDeclare(queue, true, false, false, null);
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings().withMaxPriority(10));

    assertThatThrownBy(() -> broker.publish(message(queue)))
        .isInstanceOf(InequivalentQueueException.class)
        .hasMessageContaining("exists on RabbitMQ with x-max-priority none")
        .hasMessageContaining("Rhythm declares it with x-max-priority 10")
        .hasMessageContaining("Unset RHYTHM_AMQP_MAX_PRIORITY")
        .hasMessageContaining("task_queue_max_priority to 10");
  }

  @Test
  void theBrokerStillWorksForOtherQueuesAfterARefusedDeclaration() throws Exception {
    String refused = rabbit.deleteAfter(RabbitBrokers.freshQueue());
    rabbit.rawChannel().queueDeclare(refused, true, false, false, Map.of("x-max-priority", 10));
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());
    assertThatThrownBy(() -> broker.publish(message(refused)))
        .isInstanceOf(InequivalentQueueException.class);
    String other = RabbitBrokers.freshQueue();
    BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    rabbit.closeAfter(broker.consume(other, 1, deliveries::add));
    TaskMessage message = message(other);

    broker.publish(message);

    assertThat(Await.next("delivery", deliveries, Duration.ofSeconds(10)).message())
        .isEqualTo(message);
  }

  @Test
  void consumingAQueueThatExistsWithOtherArgumentsIsRefusedAlike() throws Exception {
    String queue = rabbit.deleteAfter(RabbitBrokers.freshQueue());
    rabbit.rawChannel().queueDeclare(queue, true, false, false, Map.of("x-max-priority", 5));
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());

    assertThatThrownBy(() -> broker.consume(queue, 1, delivery -> {}))
        .isInstanceOf(InequivalentQueueException.class)
        .hasMessageContaining("x-max-priority 5");
  }

  @Test
  void aReservedQueueNameIsRefusedAsBadInputAndTheBrokerGoesOn() throws Exception {
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());

    assertThatThrownBy(() -> broker.publish(message("amq.rhythm-" + UUID.randomUUID())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refused to declare 'amq.rhythm-")
        .hasMessageContaining("ACCESS_REFUSED");
    String other = RabbitBrokers.freshQueue();
    broker.publish(message(other));
    assertThat(rabbit.rawChannel().messageCount(other)).isEqualTo(1);
  }

  private static TaskMessage message(String queue) {
    return new TaskMessage(
        TaskId.of(UUID.randomUUID().toString()),
        "tasks.add",
        queue,
        List.of(1),
        Map.of(),
        new TaskPriority(3),
        0);
  }
}
