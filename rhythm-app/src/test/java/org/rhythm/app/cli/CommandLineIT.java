package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as it is deployed: {@code rhythm server} and {@code rhythm worker} on the
 * machine's RabbitMQ and a MongoDB (mongo-java-server in this JVM), each with adapters of its own
 * as separate processes would have, and the client commands asking the server or the store.
 */
@Timeout(120) // a command that runs until stopped is interrupted instead of hanging the build
class CommandLineIT {
  private static final String QUEUE = "rhythm-cli-it-" + UUID.randomUUID();
  private static final String AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/";

  private static MongoServer mongo;
  private static Map<String, String> environment;

  @TempDir Path dir;

  @BeforeAll
  static void startMongo() {
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind(new InetSocketAddress("127.0.0.1", 0));
    environment =
        Map.of(
            "RHYTHM_AMQP_URL",
            AMQP_URL,
            "RHYTHM_MONGO_URI",
            "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/rhythm_cli_it");
  }

  @AfterAll
  static void stopMongoAndDeleteTheQueue() throws Exception {
    mongo.shutdownNow();
    // The factory's defaults are AMQP_URL's: guest on 127.0.0.1:5672, virtual host '/'.
    try (Connection connection = new ConnectionFactory().newConnection();
        Channel channel = connection.createChannel()) {
      channel.queueDelete(QUEUE);
      channel.exchangeDelete(QUEUE);
    }
  }

  @Test
  void aServerAndAWorkerOnRabbitMqAndMongoDbRunWhatTheClientStarts() throws Exception {
    Cli keys = new Cli(AppFactory.CONFIGURED, environment, "");
    keys.run("keys", "--dir", dir.toString());
    keys.run("token", "--sub", "it", "--private-key", dir.resolve("auth.key").toString());
    Map<String, String> withToken = new HashMap<>(environment);
    withToken.put("RHYTHM_TOKEN", keys.out().lines().reduce((first, last) -> last).orElseThrow());
    Cli server = new Cli(AppFactory.CONFIGURED, environment, "");
    Cli worker = new Cli(AppFactory.CONFIGURED, environment, "");
    Cli client = new Cli(AppFactory.CONFIGURED, withToken, "");

    int started;
    int watched;
    int status;
    int reconciled;
    int serverExit;
    int workerExit;
    String id;
    try (Cli.Background serving =
            server.background(
                "server", "--port", "0", "--public-key", dir.resolve("auth.pub").toString());
        Cli.Background working = worker.background("worker", "--queues", QUEUE)) {
      String url = serving.awaitOutput("listening on (http://\\S+)");
      working.awaitOutput("running");
      started =
          client.run(
              "start",
              Definitions.file(
                  dir, Definitions.onQueue(QUEUE, "on-rabbit", "cli.count", "cli.upper")),
              "--url",
              url);
      id = client.out().trim();
      watched = client.run("watch", "--plain", "--url", url, id);
      client.reset();
      status = client.run("status", "--direct", id);
      reconciled = client.run("reconcile");
      serverExit = serving.stop();
      workerExit = working.stop();
    }

    assertThat(server.out())
        .contains("(broker amqp, store mongo mongodb://127.0.0.1:")
        .contains("no Java workers in this process (--workers runs them)");
    assertThat(worker.out()).contains("queues " + QUEUE + ", 4 at a time; tasks:");
    assertThat(worker.err()).isEmpty();
    assertThat(started).as(client.err()).isZero();
    assertThat(watched).as(client.err()).isZero();
    assertThat(status).as(client.err()).isZero();
    assertThat(reconciled).as(client.err()).isZero();
    assertThat(client.out())
        .contains("workflow  " + id + "\n")
        .contains("status    SUCCESS, 2 of 2 steps done\n")
        .containsPattern("\nreconciling broker amqp, store mongo [^\\n]*\n[^\\n]*  0 repairs\n");
    assertThat(client.err()).isEmpty();
    assertThat(serverExit).isZero();
    assertThat(workerExit).isZero();
  }
}
