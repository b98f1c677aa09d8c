package org.rhythm.adapter.amqp.celery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.PendingPublications;
import org.rhythm.ports.out.TaskMessage;

/**
 * A handler's publication returns before RabbitMQ confirms it, and the handler's ack waits for the
 * confirm ({@link PendingPublications}): the next step a handler hands over is as safe as if the
 * publication had waited, and a message RabbitMQ refuses puts the delivery back on its queue.
 */
class DeferredConfirmsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();

  /** A delivery of the handler, as it saw it. */
  private record Seen(TaskId taskId, boolean redelivered) {}

  @Test
  void theNextStepPublishedInAHandlerArrivesAndItsDeliveryIsAcked() throws Exception {
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());
    String in = RabbitBrokers.freshQueue();
    String next = RabbitBrokers.freshQueue();
    BlockingQueue<Boolean> deferred = new LinkedBlockingQueue<>();
    rabbit.closeAfter(
        broker.consume(
            in,
            1,
            delivery -> {
              broker.publish(message(next));
              deferred.add(PendingPublications.deferring());
              delivery.ack();
            }));
    BlockingQueue<TaskMessage> arrived = new LinkedBlockingQueue<>();
    rabbit.closeAfter(
        broker.consume(
            next,
            1,
            delivery -> {
              arrived.add(delivery.message());
              delivery.ack();
            }));

    broker.publish(message(in));

    assertThat(Await.next("the next step", arrived, WAIT).queue()).isEqualTo(next);
    assertThat(Await.next("the handler's publication", deferred, WAIT)).isTrue();
    assertThat(rabbit.rawChannel().queueDeclarePassive(in).getMessageCount())
        .as("the acked delivery is gone from its queue")
        .isZero();
  }

  @Test
  void aDeliveryWhoseHandlerPublishedAMessageRabbitMqRefusedGoesBackToItsQueue() throws Exception {
    String refusing = rabbit.deleteAfter("rhythm-test-refusing-" + UUID.randomUUID());
    refuseEverythingSentTo(refusing);
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());

    assertDeliveredAgainAfter(
        broker,
        delivery -> {
          broker.publish(message(refusing));
          delivery.ack();
        });
  }

  @Test
  void aMessageRejectedToADeadLetterQueueThatRefusesItGoesBackToItsQueue() throws Exception {
    AmqpSettings settings = RabbitBrokers.settings();
    refuseEverythingSentTo(settings.deadLetterQueue());
    AmqpCeleryBroker broker = rabbit.start(settings);

    assertDeliveredAgainAfter(broker, delivery -> delivery.reject(false));
  }

  /**
   * Makes {@code queue} a queue of length 0 that refuses what overflows, so that RabbitMQ nacks
   * every message sent to it, until the test ends.
   */
  private void refuseEverythingSentTo(String queue) throws Exception {
    String policy = "rhythm-test-refuse-" + UUID.randomUUID();
    Rabbitmqctl.run(
        "set_policy",
        "--apply-to",
        "queues",
        policy,
        "^" + queue + "$",
        "{\"max-length\":0,\"overflow\":\"reject-publish\"}");
    rabbit.closeAfter(() -> Rabbitmqctl.run("clear_policy", policy));
  }

  /**
   * Publishes a message to a fresh queue whose handler does {@code firstTime} with its first
   * delivery and acks a redelivery, and asserts that the message is delivered once, then again.
   */
  private void assertDeliveredAgainAfter(AmqpCeleryBroker broker, Consumer<Delivery> firstTime)
      throws Exception {
    String in = RabbitBrokers.freshQueue();
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    rabbit.closeAfter(
        broker.consume(
            in,
            1,
            delivery -> {
              seen.add(new Seen(delivery.message().taskId(), delivery.redelivered()));
              if (delivery.redelivered()) {
                delivery.ack();
              } else {
                firstTime.accept(delivery);
              }
            }));
    TaskMessage first = message(in);

    broker.publish(first);

    assertThat(Await.next("the first delivery", seen, WAIT))
        .isEqualTo(new Seen(first.taskId(), false));
    assertThat(Await.next("the delivery again", seen, WAIT))
        .isEqualTo(new Seen(first.taskId(), true));
  }

  private static TaskMessage message(String queue) {
    return new TaskMessage(
        TaskId.of(UUID.randomUUID().toString()),
        "rhythm.test.step",
        queue,
        List.of(1),
        Map.of(),
        new TaskPriority(5),
        0);
  }
}
