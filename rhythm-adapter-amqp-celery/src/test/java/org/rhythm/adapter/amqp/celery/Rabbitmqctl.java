package org.rhythm.adapter.amqp.celery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code rabbitmqctl} against the machine's RabbitMQ node and fails the test if it fails. */
final class Rabbitmqctl {
  private Rabbitmqctl() {}

  /** How many messages of a queue wait for a consumer, and how many are delivered but unacked. */
  record Messages(int ready, int unacknowledged) {}

  static void run(String... arguments) throws IOException, InterruptedException {
    output(arguments);
  }

  /**
   * The counts of {@code queue} in the tests' virtual host, as the queue has them now: RabbitMQ
   * asks the queue itself, so an ack or a requeue it has handled is counted.
   */
  static Messages messages(String queue) throws IOException, InterruptedException {
    String listing =
        output(
            "list_queues",
            "--quiet",
            "--no-table-headers",
            "--vhost",
            AmqpSettings.of(RabbitBrokers.URI).virtualHost(),
            "name",
            "messages_ready",
            "messages_unacknowledged");
    for (String line : listing.lines().toList()) {
      String[] fields = line.split("\t");
      if (fields.length == 3 && fields[0].equals(queue)) {
        return new Messages(Integer.parseInt(fields[1]), Integer.parseInt(fields[2]));
      }
    }
    throw new AssertionError("rabbitmqctl lists no queue " + queue + ": " + listing);
  }

  private static String output(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(path());
    command.addAll(List.of(arguments));
    String shown = String.join(" ", arguments);
    Path output = Files.createTempFile("rabbitmqctl-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("rabbitmqctl " + shown + " did not finish within 120 s");
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as("rabbitmqctl %s: %s", shown, printed.strip()).isZero();
      return printed;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String path() {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(directory, "rabbitmqctl");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return "/usr/sbin/rabbitmqctl";
  }
}
