package org.rhythm.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rhythm.app.cli.RhythmCli;
import org.rhythm.domain.json.Json;

/**
 * {@code rhythm bench --broker amqp|kafka} (DESIGN.md §7): on the machine's RabbitMQ, and on Kafka
 * at {@code RHYTHM_KAFKA_BOOTSTRAP} or, when it is unset, a single-node broker the bench starts in
 * this process; every outcome is audited.
 */
class BrokerBenchIT {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final RhythmCli cli =
      new RhythmCli(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  @ParameterizedTest
  @ValueSource(strings = {"amqp", "kafka"})
  @SuppressWarnings("unchecked")
  void theBenchOnARealBrokerFindsNoAnomalies(String broker) {
    int exit =
        cli.run(
            "bench",
            "--broker",
            broker,
            "--workflows",
            "20",
            "--steps",
            "3",
            "--warmup",
            "0",
            "--json");

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Map<String, Object> report =
        (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8).trim());
    assertThat(report.get("anomalies"))
        .isEqualTo(
            Map.of("lost_runs", 0L, "duplicate_runs", 0L, "wrong_args", 0L, "stuck_workflows", 0L));
    assertThat(report.get("workflows_succeeded")).isEqualTo(20L);
    assertThat((Map<String, Object>) report.get("settings")).containsEntry("broker", broker);
  }
}
