package org.rhythm.adapter.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Kafka of the module's tests (DESIGN.md §6): a single-node KRaft broker and controller started
 * inside this JVM on free loopback ports, with a fresh log directory under {@code target/}. Started
 * once per JVM by the first test class that registers the extension, shared by the others, and shut
 * down, its directory deleted, when the JUnit run ends.
 */
final class KafkaTestServer implements BeforeAllCallback {
  /** The smallest session timeout the test broker accepts, so crash tests need not wait long. */
  static final Duration MIN_SESSION_TIMEOUT = Duration.ofMillis(500);

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaTestServer.class);

  private Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    running =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(Running.class, any -> Running.start(), Running.class);
  }

  /** Where clients reach the broker, {@code 127.0.0.1:<port>}. */
  String bootstrapServers() {
    if (running == null) {
      throw new IllegalStateException("the Kafka test server is not started yet");
    }
    return running.bootstrap;
  }

  /**
   * Settings on the test broker: one partition per topic, so the contract's publish order holds
   * across workflows, and a short session timeout.
   */
  KafkaSettings settings() {
    return KafkaSettings.of(bootstrapServers())
        .withTopicPrefix("test-" + UUID.randomUUID().toString().substring(0, 8) + ".")
        .withPartitions(1)
        .withReplicationFactor(1)
        .withSessionTimeout(Duration.ofSeconds(2));
  }

  /** The running broker; closed by JUnit at the end of the run. */
  private static final class Running implements AutoCloseable {
    private final LocalKafka kafka;
    private final String bootstrap;

    private Running(LocalKafka kafka) {
      this.kafka = kafka;
      this.bootstrap = kafka.bootstrap();
    }

    static Running start() {
      Path directory;
      try {
        directory =
            Files.createDirectories(Path.of("target", "kafka-" + UUID.randomUUID()))
                .toAbsolutePath();
      } catch (IOException e) {
        throw new UncheckedIOException("could not prepare the Kafka test server", e);
      }
      // One partition per topic unless a test asks for more; short sessions for the crash tests;
      // topics only as the broker creates them.
      LocalKafka kafka =
          LocalKafka.start(
              directory,
              Map.of(
                  "num.partitions", "1",
                  "offsets.topic.num.partitions", "4",
                  "group.min.session.timeout.ms", Long.toString(MIN_SESSION_TIMEOUT.toMillis()),
                  "auto.create.topics.enable", "false"));
      prepareGroups(kafka.bootstrap());
      return new Running(kafka);
    }

    /**
     * Makes the broker create its group-offsets topic now, as the first consumer group would, so
     * that the first test does not wait for it.
     */
    private static void prepareGroups(String bootstrap) {
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic("warm-up", 1, (short) 1))).all().get();
        admin
            .alterConsumerGroupOffsets(
                "warm-up", Map.of(new TopicPartition("warm-up", 0), new OffsetAndMetadata(0)))
            .all()
            .get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("the Kafka test server did not serve a consumer group", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while preparing the Kafka test server", e);
      }
    }

    @Override
    public void close() {
      kafka.close();
    }
  }
}
