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
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka (KRaft: broker and controller in one) inside this JVM, on free loopback ports
 * and a fresh log directory: what {@code rhythm bench --broker kafka} runs on when no cluster is
 * named (DESIGN.md §7), and the Kafka of the tests. Closing it stops the broker and deletes its
 * directory. It needs {@code org.apache.kafka:kafka_2.13} on the classpath, an optional dependency
 * of this module: a program that starts one declares it.
 */
public final class LocalKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final Path directory;
  private final String bootstrap;

  private LocalKafka(KafkaRaftServer server, Path directory, String bootstrap) {
    this.server = server;
    this.directory = directory;
    this.bootstrap = bootstrap;
  }

  /** Starts one on a fresh temporary directory, with the defaults. */
  public static LocalKafka start() {
    try {
      return start(Files.createTempDirectory("rhythm-kafka-"), Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a directory for a local Kafka broker", e);
    }
  }

  /**
   * Formats {@code directory} (new and empty) as the broker's log directory and starts the broker
   * on it; {@code overrides} are broker settings set over the defaults.
   */
  public static LocalKafka start(Path directory, Map<String, String> overrides) {
    try {
      int brokerPort = freePort();
      int controllerPort = freePort();
      Properties properties = properties(directory, brokerPort, controllerPort);
      overrides.forEach(properties::setProperty);
      Path file = directory.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(file)) {
        properties.store(out, "Rhythm's local Kafka");
      }
      format(file);
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties), Time.SYSTEM);
      server.startup();
      return new LocalKafka(server, directory, "127.0.0.1:" + brokerPort);
    } catch (IOException e) {
      deleteTree(directory);
      throw new UncheckedIOException("could not start a local Kafka broker", e);
    }
  }

  /** Where clients reach it: {@code 127.0.0.1:<port>}. */
  public String bootstrap() {
    return bootstrap;
  }

  @Override
  public void close() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      deleteTree(directory);
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
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    return p;
  }

  private static void format(Path file) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      String[] command = {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()};
      exit = StorageTool.execute(command, print);
    }
    if (exit != 0) {
      throw new IllegalStateException(
          "formatting the local Kafka's storage failed (" + exit + "): " + output);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.getLogger(LocalKafka.class.getName())
          .log(System.Logger.Level.WARNING, "could not delete " + root + ": " + e);
    }
  }
}
