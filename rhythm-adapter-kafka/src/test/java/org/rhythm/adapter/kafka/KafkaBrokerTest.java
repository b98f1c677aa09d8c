package org.rhythm.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.TransientFailureException;

/** What the broker does without a cluster: nothing before start, a clear error at start. */
class KafkaBrokerTest {

  @Test
  void aBrokerNotStartedRefusesToPublishAndDoesNoIo() {
    KafkaBroker broker = new KafkaBroker(KafkaSettings.of("127.0.0.1:1"));

    assertThatThrownBy(() -> broker.publish(message()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the Kafka broker is not started");
    broker.close();
  }

  @Test
  void startingAgainstAnUnreachableClusterFailsNamingIt() throws IOException {
    String address = "127.0.0.1:" + closedPort();
    KafkaBroker broker = new KafkaBroker(KafkaSettings.of(address));

    assertThatThrownBy(broker::start)
        .isInstanceOf(TransientFailureException.class)
        .hasMessageContaining("Kafka at " + address + " did not answer");
    assertThatThrownBy(() -> broker.consume("q", 1, delivery -> {}))
        .isInstanceOf(IllegalStateException.class);
    broker.close();
  }

  @Test
  void aClosedBrokerCannotBeStarted() {
    KafkaBroker broker = new KafkaBroker(KafkaSettings.of("127.0.0.1:1"));
    broker.close();

    assertThatThrownBy(broker::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the Kafka broker is closed");
    assertThat(broker.settings().bootstrapServers()).isEqualTo("127.0.0.1:1");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static TaskMessage message() {
    return new TaskMessage(
        TaskId.of("t-1"), "tasks.add", "q", List.of(1L), Map.of(), new TaskPriority(5), 0);
  }
}
