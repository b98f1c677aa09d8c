package org.rhythm.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.app.cli.RhythmCli;
import org.rhythm.domain.json.Json;

/**
 * {@code rhythm bench --store mongo} (DESIGN.md §7) on a bare machine: the bench starts the
 * in-process MongoDB wire server itself, unless {@code RHYTHM_MONGO_URI} names another.
 */
class MongoBenchTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final RhythmCli cli =
      new RhythmCli(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  @SuppressWarnings("unchecked")
  void theBenchOnMongoDbFindsNoAnomaliesAndCountsTheDriversCommands() {
    int exit =
        cli.run(
            "bench",
            "--store",
            "mongo",
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
    assertThat(((Number) report.get("store_round_trips_per_transition")).doubleValue())
        .isPositive();
    assertThat((Map<String, Object>) report.get("settings"))
        .containsEntry("store", "mongo")
        .containsEntry("broker", "memory");
  }
}
