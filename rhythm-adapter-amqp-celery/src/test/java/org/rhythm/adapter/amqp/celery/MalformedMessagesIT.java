package org.rhythm.adapter.amqp.celery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.MalformedMessageException;

/**
 * Every kind of message that is not a Celery JSON task, delivered through RabbitMQ: decoding it
 * throws {@link MalformedMessageException} naming why.
 */
class MalformedMessagesIT {
  private static final String GOOD_BODY = "[[1], {}, {\"callbacks\": null}]";

  @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();

  @Test
  void aTwoElementBodyIsMalformed() throws Exception {
    Delivery delivery = deliver(json(), "[[1, 2], {}]");

    assertThatThrownBy(delivery::message)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("array of 2 elements, not Celery's 3-element [args, kwargs, embed]");
  }

  @Test
  void aBodyThatIsNotJsonIsMalformed() throws Exception {
    Delivery delivery = deliver(json(), "(lp0\nI1\na.");

    assertThatThrownBy(delivery::message)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("body is not JSON");
  }

  @Test
  void aPickleIsRefused() throws Exception {
    Delivery delivery =
        deliver(json().builder().contentType("application/x-python-serialize").build(), GOOD_BODY);

    assertThatThrownBy(delivery::message)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("application/x-python-serialize (pickle) is refused");
  }

  @Test
  void yamlIsRefused() throws Exception {
    Delivery delivery =
        deliver(json().builder().contentType("application/x-yaml").build(), GOOD_BODY);

    assertThatThrownBy(delivery::message)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("application/x-yaml (YAML) is refused");
  }

  @Test
  void argsThatAreNotAnArrayAreMalformed() throws Exception {
    Delivery delivery = deliver(json(), "[\"x\", {}, {}]");

    assertThatThrownBy(delivery::message)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("args (body[0]) is not a JSON array but string");
  }

  @Test
  void kwargsThatAreNotAnObjectAreMalformed() throws Exception {
    Delivery delivery = deliver(json(), "[[], null, {}]");

    assertThatThrownBy(delivery::message)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("kwargs (body[1]) is not a JSON object but null");
  }

  @Test
  void aMessageWithoutTaskHeaderIsMalformed() throws Exception {
    Map<String, Object> headers = new HashMap<>(json().getHeaders());
    headers.remove("task");

    Delivery delivery = deliver(json().builder().headers(headers).build(), GOOD_BODY);

    assertThatThrownBy(delivery::message)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("header 'task' is missing");
  }

  @Test
  void aMessageWithoutIdHeaderIsMalformed() throws Exception {
    Map<String, Object> headers = new HashMap<>(json().getHeaders());
    headers.remove("id");

    Delivery delivery = deliver(json().builder().headers(headers).build(), GOOD_BODY);

    assertThatThrownBy(delivery::message)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("header 'id' is missing");
  }

  @Test
  void aMessageOverTheMaximumSizeIsMalformed() throws Exception {
    String body = "[[\"" + "x".repeat(200) + "\"], {}, {}]";

    Delivery delivery = deliver(RabbitBrokers.settings().withMaxMessageBytes(100), json(), body);

    assertThatThrownBy(delivery::message)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("bytes is over the maximum of 100 bytes");
  }

  @Test
  void aGoodMessageIsNotMalformed() throws Exception {
    Delivery delivery = deliver(json(), GOOD_BODY);

    assertThat(delivery.message().task()).isEqualTo("tasks.add");
  }

  private Delivery deliver(AMQP.BasicProperties properties, String body) throws Exception {
    return deliver(RabbitBrokers.settings(), properties, body);
  }

  private Delivery deliver(AmqpSettings settings, AMQP.BasicProperties properties, String body)
      throws Exception {
    AmqpCeleryBroker broker = rabbit.start(settings);
    String queue = RabbitBrokers.freshQueue();
    BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    rabbit.closeAfter(broker.consume(queue, 1, deliveries::add));
    rabbit.rawChannel().basicPublish("", queue, properties, body.getBytes(UTF_8));
    return Await.next("delivery", deliveries, Duration.ofSeconds(10));
  }

  private static AMQP.BasicProperties json() {
    return new AMQP.BasicProperties.Builder()
        .contentType("application/json")
        .contentEncoding("utf-8")
        .headers(Map.of("lang", "py", "task", "tasks.add", "id", "malformed-test-id"))
        .build();
  }
}
