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

  static void run(String... arguments) throws IOException, InterruptedException {
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
      assertThat(process.exitValue())
          .as("rabbitmqctl %s: %s", shown, Files.readString(output, StandardCharsets.UTF_8).strip())
          .isZero();
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
