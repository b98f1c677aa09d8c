package org.rhythm.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rhythm.app.cli.RhythmCli;
import org.rhythm.domain.json.Json;

/**
 * A small {@code rhythm bench --json} run (20 workflows of 3 steps, no warm-up) with extra options,
 * checked to exit 0 with every workflow succeeded and no anomaly; returns its JSON report.
 */
final class CleanBenchRun {
  static final long WORKFLOWS = 20;

  private CleanBenchRun() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> run(String... options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RhythmCli cli =
        new RhythmCli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    List<String> args = new ArrayList<>(List.of("bench"));
    args.addAll(List.of(options));
    args.addAll(
        List.of(
            "--workflows", Long.toString(WORKFLOWS), "--steps", "3", "--warmup", "0", "--json"));

    int exit = cli.run(args.toArray(String[]::new));

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    Map<String, Object> report =
        (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8).trim());
    assertThat(report.get("anomalies"))
        .isEqualTo(
            Map.of("lost_runs", 0L, "duplicate_runs", 0L, "wrong_args", 0L, "stuck_workflows", 0L));
    assertThat(report.get("workflows_succeeded")).isEqualTo(WORKFLOWS);
    return report;
  }
}
