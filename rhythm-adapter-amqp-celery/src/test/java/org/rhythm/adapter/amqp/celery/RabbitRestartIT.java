package org.rhythm.adapter.amqp.celery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.TransientFailureException;

/**
 * The broker survives a restart of RabbitMQ ({@code rabbitmqctl stop_app}, then {@code start_app}):
 * publications fail while it is down, then consumers, revocation listeners and publications come
 * back by themselves, and the message unacked at the restart is delivered again. The module's pom
 * runs the restart ITs after the others, one at a time; RabbitMQ is started again even when the
 * test fails.
 */
class RabbitRestartIT {
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();

  @Test
  void consumersListenersAndPublicationsRecoverAfterARestart() throws Exception {
    AmqpSettings settings =
        RabbitBrokers.settings()
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofMillis(500));
    AmqpCeleryBroker broker = rabbit.start(settings);
    String queue = RabbitBrokers.freshQueue();
    BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    rabbit.closeAfter(broker.consume(queue, 1, deliveries::add));
    BlockingQueue<TaskId> revocations = new LinkedBlockingQueue<>();
    rabbit.closeAfter(broker.onRevoke(revocations::add));
    TaskMessage first = message(queue);
    broker.publish(first);
    Delivery unacked = Await.next("first delivery", deliveries, Duration.ofSeconds(10));
    assertThat(unacked.redelivered()).isFalse();

    try {
      Rabbitmqctl.run("stop_app");
      assertThatThrownBy(() -> broker.publish(message(queue)))
          .isInstanceOf(TransientFailureException.class);
    } finally {
      Rabbitmqctl.run("start_app");
      Rabbitmqctl.run("await_startup");
    }

    Delivery again = Await.next("the unacked message again", deliveries, RECOVERY);
    assertThat(again.message()).isEqualTo(first);
    assertThat(again.redelivered()).isTrue();
    // Settling the delivery from before the restart must not touch the recovered channel.
    unacked.ack();
    again.ack();
    TaskMessage second = message(queue);
    Await.value("a publication after the restart", RECOVERY, () -> tryPublish(broker, second));
    Delivery next = Await.next("a message published after the restart", deliveries, RECOVERY);
    assertThat(next.message()).isEqualTo(second);
    assertThat(next.redelivered()).isFalse();
    next.ack();
    assertThat(deliveries.poll(500, TimeUnit.MILLISECONDS)).as("nothing delivered twice").isNull();
    TaskId revoked = TaskId.of(UUID.randomUUID().toString());
    broker.revoke(revoked);
    assertThat(
            Await.value(
                "the revocation after the restart",
                () -> Optional.ofNullable(revocations.poll()).filter(revoked::equals)))
        .isEqualTo(revoked);
  }

  private static Optional<Boolean> tryPublish(AmqpCeleryBroker broker, TaskMessage message) {
    try {
      broker.publish(message);
      return Optional.of(true);
    } catch (TransientFailureException stillRecovering) {
      return Optional.empty();
    }
  }

  private static TaskMessage message(String queue) {
    return new TaskMessage(
        TaskId.of(UUID.randomUUID().toString()),
        "tasks.add",
        queue,
        List.of(1),
        Map.of("step", "one"),
        new TaskPriority(4),
        0);
  }
}
