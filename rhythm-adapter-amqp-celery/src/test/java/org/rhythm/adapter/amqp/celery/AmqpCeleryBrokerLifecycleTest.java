package org.rhythm.adapter.amqp.celery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.TransientFailureException;

/** Construction, start and close, with no RabbitMQ listening. */
class AmqpCeleryBrokerLifecycleTest {

  @Test
  void startingWithNoRabbitMqListeningNamesTheUriWithoutItsPassword() throws IOException {
    AmqpCeleryBroker broker =
        new AmqpCeleryBroker(
            AmqpSettings.of("amqp://guest:s3cret@127.0.0.1:" + closedPort() + "/"));

    assertThatThrownBy(broker::start)
        .isInstanceOf(TransientFailureException.class)
        .hasMessageContaining("cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aBrokerThatIsNotStartedRefusesToPublish() {
    AmqpCeleryBroker broker = new AmqpCeleryBroker(AmqpSettings.defaults());

    assertThatThrownBy(() -> broker.publish(message()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the AMQP broker is not started, or is closed");
  }

  @Test
  void aClosedBrokerCannotStartAgain() {
    AmqpCeleryBroker broker = new AmqpCeleryBroker(AmqpSettings.defaults());
    broker.close();

    assertThatThrownBy(broker::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the AMQP broker is closed");
  }

  @Test
  void closingABrokerThatNeverStartedIsHarmless() {
    AmqpCeleryBroker broker = new AmqpCeleryBroker(AmqpSettings.defaults());

    broker.close();

    assertThatThrownBy(() -> broker.revoke(TaskId.of("t")))
        .isInstanceOf(IllegalStateException.class);
  }

  /** A port nothing listens on: one the system just handed out and that was closed again. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static TaskMessage message() {
    return new TaskMessage(
        TaskId.of("t"), "tasks.add", "q", List.of(), Map.of(), new TaskPriority(0), 0);
  }
}
