package org.rhythm.adapter.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
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

  /** The running server and its directory; closed by JUnit at the end of the run. */
  private static final class Running implements AutoCloseable {
    private final KafkaRaftServer server;
    private final Path directory;
    private final String bootstrap;

    private Running(KafkaRaftServer server, Path directory, String bootstrap) {
      this.server = server;
      this.directory = directory;
      this.bootstrap = bootstrap;
    }

    static Running start() {
      try {
        Path directory =
            Files.createDirectories(Path.of("target", "kafka-" + UUID.randomUUID()))
                .toAbsolutePath();
        int brokerPort = freePort();
        int controllerPort = freePort();
        Properties properties = properties(directory, brokerPort, controllerPort);
        Path file = directory.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
          properties.store(out, "Rhythm's test broker");
        }
        format(file);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        prepareGroups(bootstrap);
        return new Running(server, directory, bootstrap);
      } catch (IOException e) {
        throw new UncheckedIOException("could not prepare the Kafka test server", e);
      }
    }

    private static Properties properties(Path directory, int brokerPort, int controllerPort) {
      Properties p = new Properties();
      p.setProperty("process.roles", "broker,controller");
      p.setProperty("node.id", "1");
      p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      p.setProperty(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      p.setProperty("controller.listener.names", "CONTROLLER");
      p.setProperty("inter.broker.listener.name", "PLAINTEXT");
      p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
      p.setProperty("log.dirs", directory.resolve("logs").toString());
      p.setProperty("num.partitions", "1");
      p.setProperty("offsets.topic.replication.factor", "1");
      p.setProperty("offsets.topic.num.partitions", "4");
      p.setProperty("transaction.state.log.replication.factor", "1");
      p.setProperty("transaction.state.log.min.isr", "1");
      p.setProperty("share.coordinator.state.topic.replication.factor", "1");
      p.setProperty("share.coordinator.state.topic.min.isr", "1");
      p.setProperty("group.initial.rebalance.delay.ms", "0");
      p.setProperty("group.min.session.timeout.ms", Long.toString(MIN_SESSION_TIMEOUT.toMillis()));
      p.setProperty("auto.create.topics.enable", "false");
      return p;
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

    private static void format(Path file) {
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int exit;
      try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        exit =
            StorageTool.execute(
                new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()},
                print);
      }
      if (exit != 0) {
        throw new IllegalStateException(
            "formatting the Kafka test server's storage failed ("
                + exit
                + "): "
                + output.toString(StandardCharsets.UTF_8));
      }
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      }
    }

    @Override
    public void close() throws IOException {
      try {
        server.shutdown();
        server.awaitShutdown();
      } finally {
        try (Stream<Path> files = Files.walk(directory)) {
          files.sorted(Comparator.reverseOrder()).forEach(Running::delete);
        }
      }
    }

    private static void delete(Path path) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete " + path, e);
      }
    }
  }
}
