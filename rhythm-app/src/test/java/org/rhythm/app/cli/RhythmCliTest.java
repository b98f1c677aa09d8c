package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.json.Json;

/** The {@code rhythm} command line, run in this JVM. */
class RhythmCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final RhythmCli cli =
      new RhythmCli(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void theDemoFinishesByItselfWithBothWorkflowsSucceeded() {
    int exit = cli.run("demo", "--plain", "--millis-per-item", "20");

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("batch-A: step 'archive' failed: IllegalStateException")
        .contains("batch-A: resume -> restarted step 'archive'")
        .contains("batch-B: pause -> paused=true")
        .contains("batch-B: resume after REVOKED -> restarted step 'archive'");
    assertThat(printed.lines().filter(line -> line.matches("batch-[AB] .* SUCCESS  steps 3/3")))
        .hasSize(2);
  }

  @Test
  void theBenchPrintsOneJsonObjectWithNoAnomalies() {
    int exit = cli.run("bench", "--workflows", "50", "--steps", "4", "--warmup", "0", "--json");

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> report =
        (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8).trim());
    assertThat(report.get("workflows_succeeded")).isEqualTo(50L);
    assertThat(report.get("anomalies"))
        .isEqualTo(
            Map.of("lost_runs", 0L, "duplicate_runs", 0L, "wrong_args", 0L, "stuck_workflows", 0L));
    assertThat(report.get("transitions")).isEqualTo(200L);
    assertThat(((Map<String, Object>) report.get("step_latency_ms")).keySet())
        .containsExactly("p50", "p95", "p99");
    assertThat(report).containsKeys("transitions_per_second", "workflow_ms", "peak_rss_mb");
  }

  @Test
  void anUnknownCommandIsNamedAndTheUsageShown() {
    int exit = cli.run("dmeo");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("rhythm: unknown command 'dmeo'")
        .contains("usage: rhythm <command>");
  }

  @Test
  void aBadOptionValueIsNamed() {
    int exit = cli.run("bench", "--workflows", "many");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--workflows is a whole number, not 'many'");
  }

  @Test
  void anUnknownBrokerIsRefusedClearly() {
    int exit = cli.run("bench", "--broker", "carrier-pigeon");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--broker is 'memory', 'amqp' or 'kafka', not 'carrier-pigeon'");
  }

  @Test
  void helpPrintsTheUsage() {
    int exit = cli.run("help");

    assertThat(exit).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
        .startsWith(List.of("usage: rhythm <command> [options]").toArray(String[]::new));
  }
}
