package org.rhythm.adapter.amqp.celery;

import static org.assertj.core.api.Assertions.assertThat;

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
    String policy = "rhythm-test-refuse-" + UUID.randomUUID();
    String refusing = rabbit.deleteAfter(policy + "-queue");
    // A queue of length 0 that refuses what overflows: RabbitMQ nacks every message sent to it.
    Rabbitmqctl.run(
        "set_policy",
        "--apply-to",
        "queues",
        policy,
        "^" + refusing + "$",
        "{\"max-length\":0,\"overflow\":\"reject-publish\"}");
    try {
      AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());
      String in = RabbitBrokers.freshQueue();
      BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
      rabbit.closeAfter(
          broker.consume(
              in,
              1,
              delivery -> {
                seen.add(new Seen(delivery.message().taskId(), delivery.redelivered()));
                if (!delivery.redelivered()) {
                  broker.publish(message(refusing));
                }
                delivery.ack();
              }));
      TaskMessage first = message(in);

      broker.publish(first);

      assertThat(Await.next("the first delivery", seen, WAIT))
          .isEqualTo(new Seen(first.taskId(), false));
      assertThat(Await.next("the delivery again", seen, WAIT))
          .isEqualTo(new Seen(first.taskId(), true));
    } finally {
      Rabbitmqctl.run("clear_policy", policy);
    }
  }

  @Test
  void aMessageRejectedToADeadLetterQueueThatRefusesItGoesBackToItsQueue() throws Exception {
    AmqpSettings settings = RabbitBrokers.settings();
    String policy = "rhythm-test-refuse-" + UUID.randomUUID();
    Rabbitmqctl.run(
        "set_policy",
        "--apply-to",
        "queues",
        policy,
        "^" + settings.deadLetterQueue() + "$",
        "{\"max-length\":0,\"overflow\":\"reject-publish\"}");
    try {
      AmqpCeleryBroker broker = rabbit.start(settings);
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
                  delivery.reject(false);
                }
              }));
      TaskMessage first = message(in);

      broker.publish(first);

      assertThat(Await.next("the first delivery", seen, WAIT))
          .isEqualTo(new Seen(first.taskId(), false));
      assertThat(Await.next("the delivery again", seen, WAIT))
          .isEqualTo(new Seen(first.taskId(), true));
    } finally {
      Rabbitmqctl.run("clear_policy", policy);
    }
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
