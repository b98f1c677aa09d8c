package org.rhythm.app.http;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rhythm.adapter.amqp.celery.AmqpSettings;
import org.rhythm.app.config.RhythmConfig;

/**
 * MongoDB and RabbitMQ for the API suite of one test class (DESIGN.md §6): mongo-java-server with
 * its memory backend inside this JVM, started with the first place (a test instance that lives for
 * the whole class asks before any callback) and stopped after the class, and the RabbitMQ at {@code
 * RHYTHM_AMQP_URL} (default {@code 127.0.0.1:5672}). Each place gets a database of its own, queue
 * names that end in this run's and the place's number, and ids with a random prefix, so that
 * revocations broadcast by other test runs on the same RabbitMQ never match them. The queues and
 * exchanges the class used are deleted after it. Without RabbitMQ the tests fail.
 */
final class MongoRabbitMqAdapters implements TestAdapters, AfterAllCallback {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String amqpUrl = amqpUrl();
  private final AtomicInteger places = new AtomicInteger();
  private final Set<String> queues = ConcurrentHashMap.newKeySet();
  private MongoServer mongo;

  @Override
  public synchronized void afterAll(ExtensionContext context) throws IOException, TimeoutException {
    try {
      deleteQueues();
    } finally {
      if (mongo != null) {
        mongo.shutdownNow();
        mongo = null;
      }
    }
  }

  @Override
  public synchronized Place next() {
    if (mongo == null) {
      mongo = new MongoServer(new MemoryBackend());
      mongo.bind(new InetSocketAddress("127.0.0.1", 0));
    }
    int place = places.incrementAndGet();
    String database = "api-" + place;
    String suffix = ".api-" + run + "-" + place;
    String idPrefix = UUID.randomUUID().toString().substring(0, 24);
    return new Place(
        Map.of(
            RhythmConfig.STORE,
            RhythmConfig.MONGO,
            RhythmConfig.MONGO_URI,
            "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/" + database,
            RhythmConfig.BROKER,
            RhythmConfig.AMQP,
            AmqpSettings.URL_VARIABLE,
            amqpUrl),
        name -> {
          String queue = name + suffix;
          queues.add(queue);
          return queue;
        },
        idPrefix);
  }

  /** RabbitMQ outlives the tests: what they declared there goes. */
  private void deleteQueues() throws IOException, TimeoutException {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(amqpUrl);
    } catch (URISyntaxException | GeneralSecurityException e) {
      throw new IllegalArgumentException("not an AMQP URL: " + amqpUrl, e);
    }
    factory.setVirtualHost(AmqpSettings.of(amqpUrl).virtualHost());
    try (Connection connection = factory.newConnection();
        Channel channel = connection.createChannel()) {
      for (String queue : queues) {
        channel.queueDelete(queue);
        channel.exchangeDelete(queue);
      }
    }
  }

  private static String amqpUrl() {
    String configured = System.getenv(AmqpSettings.URL_VARIABLE);
    return configured == null || configured.isBlank() ? AmqpSettings.DEFAULT_URI : configured;
  }
}
