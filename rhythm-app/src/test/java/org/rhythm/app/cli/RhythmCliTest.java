package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rhythm.domain.json.Json;

/** The {@code rhythm} command line, run in this JVM: commands, help, versions and exit codes. */
class RhythmCliTest {
  private static final List<String> COMMANDS =
      List.of(
          "server",
          "worker",
          "start",
          "status",
          "list",
          "watch",
          "pause",
          "resume",
          "delete",
          "reconcile",
          "keys",
          "token",
          "demo",
          "bench");

  private final Cli cli = new Cli();

  @Test
  void theDemoFinishesByItselfWithBothWorkflowsSucceeded() {
    int exit = cli.run("demo", "--plain", "--millis-per-item", "20");

    assertThat(exit).as(cli.err()).isZero();
    String printed = cli.out();
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

    assertThat(exit).as(cli.err()).isZero();
    @SuppressWarnings("unchecked")
    Map<String, Object> report = (Map<String, Object>) Json.parse(cli.out().trim());
    assertThat(report.get("workflows_succeeded")).isEqualTo(50L);
    assertThat(report.get("anomalies"))
        .isEqualTo(
            Map.of("lost_runs", 0L, "duplicate_runs", 0L, "wrong_args", 0L, "stuck_workflows", 0L));
    assertThat(report.get("transitions")).isEqualTo(200L);
    @SuppressWarnings("unchecked")
    Map<String, Object> latency = (Map<String, Object>) report.get("step_latency_ms");
    assertThat(latency.keySet()).containsExactly("p50", "p95", "p99");
    assertThat(report).containsKeys("transitions_per_second", "workflow_ms", "peak_rss_mb");
  }

  @Test
  void anUnknownCommandIsNamedWithTheNearestOneInOneLine() {
    int exit = cli.run("dmeo");

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err())
        .isEqualTo("rhythm: unknown command 'dmeo'; did you mean 'demo'? (see 'rhythm --help')\n");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aBadOptionValueIsNamedInOneLine() {
    int exit = cli.run("bench", "--workflows", "many");

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err())
        .isEqualTo(
            "rhythm: invalid value for option '--workflows': 'many' is not a whole number"
                + " (see 'rhythm bench --help')\n");
  }

  @Test
  void anUnknownOptionIsNamed() {
    int exit = cli.run("list", "--colour");

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err()).startsWith("rhythm: unknown option: '--colour'").endsWith("--help')\n");
  }

  @Test
  void aMissingParameterIsNamed() {
    int exit = cli.run("status");

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err()).startsWith("rhythm: missing required parameter: 'ID'");
  }

  @Test
  void anUnknownBrokerIsRefusedClearly() {
    int exit = cli.run("bench", "--broker", "carrier-pigeon");

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err())
        .isEqualTo("rhythm: --broker is 'memory', 'amqp' or 'kafka', not 'carrier-pigeon'\n");
  }

  @Test
  void aStatusFilterOutsideTheEightIsRefused() {
    int exit = cli.run("list", "--status", "RUNNING");

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err()).contains("--status").contains("RUNNING").contains("ACTIVE");
  }

  @Test
  void underscoresInWholeNumbersAreTaken() {
    int exit = cli.run("list", "--limit", "1_0", "--url", "http://127.0.0.1:1");

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err()).startsWith("rhythm: no Rhythm server answers at http://127.0.0.1:1");
  }

  @Test
  void helpListsEveryCommand() {
    int exit = cli.run("help");

    assertThat(exit).isZero();
    assertThat(cli.out()).startsWith("Usage: rhythm [-hV] COMMAND");
    COMMANDS.forEach(command -> assertThat(cli.out()).containsPattern("\n  " + command + " +\\S"));
  }

  @Test
  void rhythmAloneShowsTheUsageAsAUsageError() {
    int exit = cli.run();

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err()).startsWith("Usage: rhythm [-hV] COMMAND");
    assertThat(cli.out()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "server",
        "worker",
        "start",
        "status",
        "list",
        "watch",
        "pause",
        "resume",
        "delete",
        "reconcile",
        "keys",
        "token",
        "demo",
        "bench"
      })
  void everyCommandHasHelpWithItsDefaultsAndAVersion(String command) {
    int help = cli.run(command, "--help");
    String usage = cli.out();
    cli.reset();
    int shortHelp = cli.run(command, "-h");
    cli.reset();
    int version = cli.run(command, "--version");

    assertThat(help).isZero();
    assertThat(shortHelp).isZero();
    assertThat(usage)
        .startsWith("Usage: rhythm " + command)
        .contains("--help")
        .contains("--version");
    assertThat(version).isZero();
    assertThat(cli.out()).startsWith("rhythm " + RhythmVersion.version() + "\n");
    assertThat(RhythmVersion.version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void usageShowsTheDefaults() {
    cli.run("server", "--help");
    String server = cli.out();
    cli.reset();
    cli.run("status", "--help");

    assertThat(server)
        .containsPattern("--port=PORT +the port to listen on; 0: any free\\s+Default: 5001")
        .containsPattern("--host=HOST[^\\n]*\\n\\s+Default: 127.0.0.1");
    assertThat(cli.out()).containsPattern("Default: http://127.0.0.1:5001");
  }

  @Test
  void theHelpCommandShowsACommandsUsage() {
    int exit = cli.run("help", "watch");

    assertThat(exit).isZero();
    assertThat(cli.out()).startsWith("Usage: rhythm watch").contains("--plain");
  }
}
