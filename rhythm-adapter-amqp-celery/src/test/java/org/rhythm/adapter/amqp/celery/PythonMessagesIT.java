package org.rhythm.adapter.amqp.celery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;

/**
 * Messages shaped exactly as Python Celery 5.2 sends them (celery-wire.md §1.2 and §1.5), published
 * with plain amqp-client, as the broker decodes them.
 */
class PythonMessagesIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();

  @Test
  void theSampleSendTaskIsDecoded() throws Exception {
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());
    String queue = RabbitBrokers.freshQueue();
    BlockingQueue<Delivery> deliveries = consume(broker, queue);
    String id = "dce7c00f-bd1a-4b8a-8274-9f5c749403e6";

    publishRaw(
        queue,
        headers(id, "tasks.add", 0, null, Arrays.asList(null, null), "[2, 3]", "{'z': 'ü'}"),
        5,
        "[[2, 3], {\"z\": \"\\u00fc\"}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null,"
            + " \"chord\": null}]");

    assertThat(Await.next("delivery", deliveries, WAIT).message())
        .isEqualTo(
            new TaskMessage(
                TaskId.of(id),
                "tasks.add",
                queue,
                List.of(2L, 3L),
                Map.of("z", "ü"),
                new TaskPriority(5),
                0));
  }

  @Test
  void aSendTaskWithShadowTimeLimitsNoPriorityAndLaterHeadersIsDecoded() throws Exception {
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());
    String queue = RabbitBrokers.freshQueue();
    BlockingQueue<Delivery> deliveries = consume(broker, queue);
    Map<String, Object> headers =
        headers("my-own-id-123", "tasks.slow", 0, "nice.name", List.of(20, 10), "()", "{'n': 2}");
    headers.put("stamped_headers", List.of());
    headers.put("stamps", Map.of());

    publishRaw(
        queue,
        headers,
        0,
        "[[], {\"n\": 2}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\":"
            + " null}]");

    assertThat(Await.next("delivery", deliveries, WAIT).message())
        .isEqualTo(
            new TaskMessage(
                TaskId.of("my-own-id-123"),
                "tasks.slow",
                queue,
                List.of(),
                Map.of("n", 2L),
                new TaskPriority(0),
                0));
  }

  @Test
  void aRetryRepublishedByPythonKeepsItsIdAndCount() throws Exception {
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());
    String queue = RabbitBrokers.freshQueue();
    BlockingQueue<Delivery> deliveries = consume(broker, queue);
    Map<String, Object> headers =
        headers("8ccfefc3-1111", "tasks.flaky", 1, null, Arrays.asList(null, null), "['a']", "{}");
    headers.put("eta", "2026-11-24T11:15:01.560871+00:00");
    headers.put("parent_id", "8ccfefc3-1111");

    publishRaw(queue, headers, 3, "[[\"a\"], {}, {}]");

    TaskMessage message = Await.next("delivery", deliveries, WAIT).message();
    assertThat(message.taskId()).isEqualTo(TaskId.of("8ccfefc3-1111"));
    assertThat(message.retries()).isEqualTo(1);
    assertThat(message.priority()).isEqualTo(new TaskPriority(3));
    assertThat(message.args()).containsExactly("a");
  }

  private BlockingQueue<Delivery> consume(AmqpCeleryBroker broker, String queue) {
    BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    Subscription subscription = broker.consume(queue, 1, deliveries::add);
    rabbit.closeAfter(subscription);
    return deliveries;
  }

  /** Celery's headers in Celery's order; strings arrive as RabbitMQ long strings, as Python's. */
  static Map<String, Object> headers(
      String id,
      String task,
      int retries,
      String shadow,
      List<Integer> timelimit,
      String argsrepr,
      String kwargsrepr) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("lang", "py");
    headers.put("task", task);
    headers.put("id", id);
    headers.put("shadow", shadow);
    headers.put("eta", null);
    headers.put("expires", null);
    headers.put("group", null);
    headers.put("group_index", null);
    headers.put("retries", retries);
    headers.put("timelimit", timelimit);
    headers.put("root_id", id);
    headers.put("parent_id", null);
    headers.put("argsrepr", argsrepr);
    headers.put("kwargsrepr", kwargsrepr);
    headers.put("origin", "gen18868@vm");
    headers.put("ignore_result", false);
    return headers;
  }

  private void publishRaw(String queue, Map<String, Object> headers, int priority, String body)
      throws Exception {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .contentEncoding("utf-8")
            .headers(headers)
            .deliveryMode(2)
            .priority(priority)
            .correlationId(String.valueOf(headers.get("id")))
            .replyTo("26411d10-dec5-3c10-85e7-73e19005ee76")
            .expiration("600000")
            .build();
    rabbit.rawChannel().basicPublish("", queue, properties, body.getBytes(UTF_8));
  }
}
