package org.rhythm.adapter.amqp.celery;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Brokers on the machine's RabbitMQ ({@code RHYTHM_AMQP_URL}, default guest on 127.0.0.1:5672) for
 * one test, and a plain amqp-client connection to look at what they did. After each test it closes
 * them and deletes every queue and exchange they declared and every queue the test registered. An
 * unreachable RabbitMQ fails the test.
 */
final class RabbitBrokers implements AfterEachCallback {
  static final String URI = uri();

  private final List<AmqpCeleryBroker> brokers = new ArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final Set<String> queuesToDelete = new HashSet<>();
  private Connection raw;

  static String uri() {
    String configured = System.getenv("RHYTHM_AMQP_URL");
    return configured == null || configured.isBlank() ? AmqpSettings.DEFAULT_URI : configured;
  }

  /** Settings for tests: a dead-letter queue of their own and short timeouts. */
  static AmqpSettings settings() {
    return AmqpSettings.of(URI)
        .withDeadLetterQueue("rhythm-test-dead-letter-" + UUID.randomUUID())
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500));
  }

  static String freshQueue() {
    return "rhythm-test-" + UUID.randomUUID();
  }

  /** A started broker, closed and cleaned up after the test. */
  AmqpCeleryBroker start(AmqpSettings settings) {
    AmqpCeleryBroker broker = new AmqpCeleryBroker(settings);
    brokers.add(broker);
    queuesToDelete.add(settings.deadLetterQueue());
    broker.start();
    return broker;
  }

  /** Closes {@code closeable} after the test, before the brokers, last registered first. */
  <T extends AutoCloseable> T closeAfter(T closeable) {
    toClose.add(closeable);
    return closeable;
  }

  /** Deletes {@code queue} (and an exchange of that name) after the test. */
  String deleteAfter(String queue) {
    queuesToDelete.add(queue);
    return queue;
  }

  /** A new channel on a plain connection to the same RabbitMQ. */
  Channel rawChannel() throws Exception {
    if (raw == null || !raw.isOpen()) {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(URI);
      factory.setVirtualHost(AmqpSettings.of(URI).virtualHost());
      raw = factory.newConnection("rhythm-test-inspection");
    }
    return raw.createChannel();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    toClose.clear();
    for (AmqpCeleryBroker broker : brokers) {
      try {
        queuesToDelete.addAll(broker.declaredQueues());
      } catch (IllegalStateException notStarted) {
        // Nothing declared.
      }
      broker.close();
    }
    brokers.clear();
    if (!queuesToDelete.isEmpty()) {
      Channel channel = rawChannel();
      for (String queue : queuesToDelete) {
        channel.queueDelete(queue);
        channel.exchangeDelete(queue);
      }
      channel.close();
    }
    queuesToDelete.clear();
    if (raw != null) {
      raw.close();
      raw = null;
    }
  }
}
