package org.rhythm.adapter.amqp.celery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.TaskMessage;

/**
 * What the broker puts on RabbitMQ, read back with plain amqp-client: the task message and the
 * revoke broadcast of celery-wire.md §1.2 and §3.1, and the declarations of §2.
 */
class WireFormatIT {
  @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();

  @Test
  void aPublishedTaskIsCelerysMessageOnTheWire() throws Exception {
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());
    String queue = RabbitBrokers.freshQueue();
    String id = UUID.randomUUID().toString();
    broker.publish(
        new TaskMessage(
            TaskId.of(id),
            "tasks.add",
            queue,
            List.of(2, 3),
            Map.of("z", "ü"),
            new TaskPriority(5),
            0));

    GetResponse got = rabbit.rawChannel().basicGet(queue, true);

    assertThat(got.getEnvelope().getExchange()).isEmpty();
    assertThat(got.getEnvelope().getRoutingKey()).isEqualTo(queue);
    AMQP.BasicProperties properties = got.getProps();
    assertThat(properties.getContentType()).isEqualTo("application/json");
    assertThat(properties.getContentEncoding()).isEqualTo("utf-8");
    assertThat(properties.getDeliveryMode()).isEqualTo(2);
    assertThat(properties.getPriority()).isEqualTo(5);
    assertThat(properties.getCorrelationId()).isEqualTo(id);
    assertThat(UUID.fromString(properties.getReplyTo())).isNotNull();
    assertThat(properties.getExpiration()).isNull();
    Map<String, Object> headers = properties.getHeaders();
    assertThat(headers)
        .containsOnlyKeys(
            "lang",
            "task",
            "id",
            "shadow",
            "eta",
            "expires",
            "group",
            "group_index",
            "retries",
            "timelimit",
            "root_id",
            "parent_id",
            "argsrepr",
            "kwargsrepr",
            "origin",
            "ignore_result");
    assertThat(text(headers, "lang")).isEqualTo("py");
    assertThat(text(headers, "task")).isEqualTo("tasks.add");
    assertThat(text(headers, "id")).isEqualTo(id);
    assertThat(text(headers, "root_id")).isEqualTo(id);
    assertThat(text(headers, "argsrepr")).isEqualTo("[2, 3]");
    assertThat(text(headers, "kwargsrepr")).isEqualTo("{'z': 'ü'}");
    assertThat(text(headers, "origin")).matches("gen" + ProcessHandle.current().pid() + "@.+");
    assertThat(headers.get("retries")).isEqualTo(0);
    assertThat(headers.get("ignore_result")).isEqualTo(false);
    assertThat(headers.get("timelimit")).isEqualTo(Arrays.asList(null, null));
    for (String nullHeader : List.of("shadow", "eta", "expires", "group", "group_index")) {
      assertThat(headers).containsEntry(nullHeader, null);
    }
    assertThat(headers).containsEntry("parent_id", null);
    assertThat(new String(got.getBody(), UTF_8))
        .isEqualTo(
            "[[2, 3], {\"z\": \"\\u00fc\"}, {\"callbacks\": null, \"errbacks\": null,"
                + " \"chain\": null, \"chord\": null}]");
  }

  @Test
  void aTaskQueueIsDeclaredAsCeleryDeclaresItWithoutArguments() throws Exception {
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());
    String queue = RabbitBrokers.freshQueue();

    broker.publish(message(queue));

    assertDeclaredAsCelery(queue, null);
  }

  @Test
  void aTaskQueueIsDeclaredWithTheConfiguredMaxPriority() throws Exception {
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings().withMaxPriority(10));
    String queue = RabbitBrokers.freshQueue();

    broker.publish(message(queue));

    assertDeclaredAsCelery(queue, Map.of("x-max-priority", 10));
  }

  @Test
  void aRevocationIsCelerysBroadcastOnTheWire() throws Exception {
    AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());
    Channel channel = rabbit.rawChannel();
    channel.exchangeDeclare("celery.pidbox", BuiltinExchangeType.FANOUT, false, false, null);
    String mailbox = channel.queueDeclare().getQueue();
    channel.queueBind(mailbox, "celery.pidbox", "");
    String id = UUID.randomUUID().toString();
    double before = System.currentTimeMillis() / 1000.0;

    broker.revoke(TaskId.of(id));

    // Other processes on this RabbitMQ may broadcast too: look for this revocation.
    GetResponse got =
        Await.value(
            "the revoke broadcast",
            () ->
                Optional.ofNullable(channel.basicGet(mailbox, true))
                    .filter(response -> new String(response.getBody(), UTF_8).contains(id)));
    assertThat(got.getEnvelope().getExchange()).isEqualTo("celery.pidbox");
    assertThat(got.getEnvelope().getRoutingKey()).isEmpty();
    AMQP.BasicProperties properties = got.getProps();
    assertThat(properties.getContentType()).isEqualTo("application/json");
    assertThat(properties.getContentEncoding()).isEqualTo("utf-8");
    assertThat(properties.getDeliveryMode()).isEqualTo(2);
    assertThat(properties.getPriority()).isEqualTo(0);
    assertThat(properties.getCorrelationId()).isNull();
    assertThat(properties.getReplyTo()).isNull();
    assertThat(properties.getHeaders()).containsOnlyKeys("clock", "expires");
    assertThat(properties.getHeaders().get("clock")).isInstanceOf(Integer.class);
    assertThat(properties.getHeaders().get("expires"))
        .isInstanceOfSatisfying(
            Double.class,
            expires ->
                assertThat(expires)
                    .isBetween(before + 1.0, System.currentTimeMillis() / 1000.0 + 1.0));
    assertThat(new String(got.getBody(), UTF_8))
        .isEqualTo(
            "{\"method\": \"revoke\", \"arguments\": {\"task_id\": \""
                + id
                + "\", \"terminate\": true, \"signal\": \"SIGTERM\"}, \"destination\": null,"
                + " \"pattern\": null, \"matcher\": null}");
  }

  /**
   * Declaring the queue, its exchange and binding again with Celery's exact flags and arguments
   * succeeds only if they are what exists (RabbitMQ refuses an inequivalent one), and a message
   * sent through the exchange reaches the queue.
   */
  private void assertDeclaredAsCelery(String queue, Map<String, Object> arguments)
      throws Exception {
    Channel channel = rabbit.rawChannel();
    assertThatCode(
            () -> {
              channel.exchangeDeclare(queue, BuiltinExchangeType.DIRECT, true, false, null);
              channel.queueDeclare(queue, true, false, false, arguments);
            })
        .doesNotThrowAnyException();
    channel.basicPublish(queue, queue, null, "[[], {}, {}]".getBytes(UTF_8));
    assertThat(
            Await.value(
                "the message sent through the exchange",
                () -> Optional.of(channel.messageCount(queue)).filter(count -> count == 2)))
        .isEqualTo(2);
  }

  private static String text(Map<String, Object> headers, String name) {
    assertThat(headers.get(name)).isInstanceOf(LongString.class);
    return headers.get(name).toString();
  }

  private static TaskMessage message(String queue) {
    return new TaskMessage(
        TaskId.of(UUID.randomUUID().toString()),
        "tasks.add",
        queue,
        List.of(),
        Map.of(),
        new TaskPriority(1),
        0);
  }
}
