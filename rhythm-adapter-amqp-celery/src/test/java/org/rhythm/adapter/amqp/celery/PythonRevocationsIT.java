package org.rhythm.adapter.amqp.celery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;

/**
 * Broadcasts on {@code celery.pidbox} shaped as Python Celery sends them (celery-wire.md §3),
 * published with plain amqp-client, as a revocation listener hears them.
 */
class PythonRevocationsIT {
  private static final String NODE = "rhythm@revocations-it";

  @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();

  private final AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings().withNodeName(NODE));
  private final BlockingQueue<TaskId> heard = new LinkedBlockingQueue<>();

  @Test
  void aRevokeOfSeveralTasksForThisNodeIsHeardWhole() throws Exception {
    rabbit.closeAfter(broker.onRevoke(heard::add));
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();

    broadcast(
        "{\"method\": \"revoke\", \"arguments\": {\"task_id\": [\""
            + first
            + "\", \""
            + second
            + "\"], \"terminate\": true, \"signal\": \"SIGTERM\"}, \"destination\": [\"w1@vm\", \""
            + NODE
            + "\"], \"pattern\": null, \"matcher\": null}");

    assertThat(heardUntil(TaskId.of(second)))
        .containsSubsequence(TaskId.of(first), TaskId.of(second));
  }

  @Test
  void aRevokeForOtherNodesAndOtherCommandsAreNotHeard() throws Exception {
    rabbit.closeAfter(broker.onRevoke(heard::add));
    String elsewhere = UUID.randomUUID().toString();
    String marker = UUID.randomUUID().toString();

    broadcast(
        "{\"method\": \"revoke\", \"arguments\": {\"task_id\": \""
            + elsewhere
            + "\", \"terminate\": true, \"signal\": \"SIGTERM\"}, \"destination\": [\"w1@vm\"],"
            + " \"pattern\": null, \"matcher\": null}");
    // Addressed to this node only, so that Python workers sharing this RabbitMQ pass it over too.
    broadcast(
        "{\"method\": \"hello\", \"arguments\": {\"from_node\": \"w2@vm\", \"revoked\": {}},"
            + " \"destination\": [\""
            + NODE
            + "\"], \"pattern\": null, \"matcher\": null}");
    broadcast(
        "{\"method\": \"revoke\", \"arguments\": {\"task_id\": \""
            + marker
            + "\", \"terminate\": true, \"signal\": \"SIGTERM\"}, \"destination\": null,"
            + " \"pattern\": null, \"matcher\": null}");

    // Broadcasts arrive in the order sent: once the last is heard, the others were passed over.
    assertThat(heardUntil(TaskId.of(marker))).doesNotContain(TaskId.of(elsewhere));
  }

  private void broadcast(String body) throws Exception {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .contentEncoding("utf-8")
            .headers(Map.of("clock", 3, "expires", System.currentTimeMillis() / 1000.0 + 1.0))
            .deliveryMode(2)
            .priority(0)
            .build();
    rabbit.rawChannel().basicPublish("celery.pidbox", "", properties, body.getBytes(UTF_8));
  }

  /** What the listener heard, up to and including {@code last}; fails if it does not come. */
  private List<TaskId> heardUntil(TaskId last) throws InterruptedException {
    List<TaskId> seen = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!seen.contains(last) && System.nanoTime() < deadline) {
      TaskId next = heard.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next != null) {
        seen.add(next);
      }
    }
    assertThat(seen).as("revocations heard").contains(last);
    return seen;
  }
}
