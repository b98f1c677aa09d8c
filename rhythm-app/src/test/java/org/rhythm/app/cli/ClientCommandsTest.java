package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rhythm.app.config.RhythmConfig;
import org.rhythm.app.http.BearerTokens;
import org.rhythm.app.http.HttpSettings;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.worker.TaskModules;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * The client commands against a real server in this JVM ({@link ServerCommand#start}, in-memory,
 * with a Java worker for the tests' tasks), with the token from {@code RHYTHM_TOKEN}.
 */
class ClientCommandsTest {
  private static ServerCommand.Running server;
  private static String url;
  private static String token;

  @TempDir Path dir;

  private final Cli cli = new Cli(AppFactory.CONFIGURED, Map.of("RHYTHM_TOKEN", token), "");

  @BeforeAll
  static void startTheServer() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    server =
        ServerCommand.start(
            HttpSettings.of((RSAPublicKey) keys.getPublic()).withPort(0),
            RhythmConfig.of(Map.of()));
    server
        .app()
        .startWorker(
            WorkerSettings.of("w@test", List.of(CliTestTasks.QUEUE), 2),
            TaskModules.of(List.of(new CliTestTasks())).registry());
    url = server.api().url();
    token =
        BearerTokens.issue(
            (RSAPrivateKey) keys.getPrivate(),
            HttpSettings.DEFAULT_ISSUER,
            "cli-test",
            null,
            Instant.now());
  }

  @AfterAll
  static void stopTheServer() {
    server.close();
  }

  @Test
  void startPrintsTheIdAndStatusTheStepsOfTheWorkflow() {
    String id = start(Definitions.of("counted", "cli.count", "cli.upper"));
    int watched = run("watch", "--plain", id);
    cli.reset();

    int exit = run("status", id);

    assertThat(watched).isZero();
    assertThat(exit).as(cli.err()).isZero();
    List<String> lines = cli.out().lines().toList();
    assertThat(lines.subList(0, 3))
        .containsExactly(
            "workflow  " + id,
            "name      counted (app cli-test)",
            "status    SUCCESS, 2 of 2 steps done");
    assertThat(lines.get(5)).matches("STEP +TASK +STATUS +STARTED +FINISHED +PROGRESS");
    assertThat(lines.get(6))
        .matches("count +cli\\.count +SUCCESS +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ .*");
    assertThat(lines.get(7)).startsWith("upper  ").contains(" SUCCESS ");
  }

  @Test
  void startReadsTheDefinitionFromStandardInput() {
    Cli piped =
        new Cli(
            AppFactory.CONFIGURED,
            Map.of("RHYTHM_TOKEN", token),
            Definitions.of("piped", "cli.upper"));

    int exit = piped.run("start", "-", "--url", url);

    assertThat(exit).as(piped.err()).isZero();
    WorkflowId id = WorkflowId.of(piped.out().trim());
    assertThat(server.app().queries().view(id, ViewOptions.DEFAULT).name()).isEqualTo("piped");
  }

  @Test
  void watchDrawsEveryStepAndExitsOneWhenTheWorkflowFails() {
    String id = start(Definitions.of("failing", "cli.upper", "cli.fail"));

    int exit = run("watch", "--plain", id);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.out())
        .containsPattern("\n  upper +SUCCESS +\\[#{24}\\] 100%\n")
        .containsPattern("\n  fail +FAILURE +\\[-{24}\\] +0%\n")
        .endsWith("workflow " + id + " ended FAILURE, 1 of 2 steps done\n");
  }

  @Test
  void listFiltersByStatusAndLimits() {
    String failed = start(Definitions.of("listed-failure", "cli.fail"));
    String succeeded = start(Definitions.of("listed-success", "cli.upper"));
    run("watch", "--plain", failed);
    run("watch", "--plain", succeeded);
    cli.reset();

    int failures = run("list", "--status", "FAILURE", "--limit", "1000");
    String failureList = cli.out();
    cli.reset();
    int limited = run("list", "--limit", "1");

    assertThat(failures).isZero();
    assertThat(failureList)
        .startsWith("ID ")
        .contains(failed + "  listed-failure  cli-test  FAILURE  0/1")
        .doesNotContain(succeeded);
    assertThat(limited).isZero();
    assertThat(cli.out().lines().toList()).hasSize(3);
    assertThat(cli.out()).containsPattern("\n1 of \\d+ workflows\n");
  }

  @Test
  void pauseResumeAndDeleteSayWhatHappened() {
    String id = start(Definitions.of("blocking", "cli.block"));
    awaitRunning(id);

    int paused = run("pause", id);
    int pausedAgain = run("pause", id);
    int resumed = run("resume", id);
    awaitRunning(id);
    int refused = run("resume", id);
    int forced = run("resume", "--force", id);
    int deleted = run("delete", id);
    int deletedAgain = run("delete", id);

    assertThat(List.of(paused, pausedAgain, resumed, refused, forced, deleted, deletedAgain))
        .containsExactly(0, 1, 0, 1, 0, 0, 1);
    assertThat(cli.out())
        .containsPattern("paused " + id + ": revoked step 'block' \\(task [0-9a-f-]{36}\\)\n")
        .contains("resumed " + id + ": restarted step 'block' (task cli.block)\n")
        .contains("deleted " + id + "\n");
    assertThat(cli.err().lines().toList())
        .containsExactly(
            "rhythm: workflow " + id + " was not paused: it is done or already paused",
            "rhythm: not resumed: workflow "
                + id
                + " is STARTED, neither FAILURE nor REVOKED; use force to resume it anyway",
            "rhythm: no workflow '" + id + "'");
  }

  @Test
  void anUnknownWorkflowIsNamed() {
    String id = UUID.randomUUID().toString();

    int exit = run("status", id);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("rhythm: no workflow '" + id + "'\n");
  }

  @Test
  void aTokenTheServerRefusesIsNamed() {
    int exit = run("list", "--token", "not-a-token");

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err())
        .startsWith("rhythm: the server at " + url + " refused the token (")
        .endsWith("); give one with --token or RHYTHM_TOKEN ('rhythm token' makes one)\n");
  }

  @Test
  void anInvalidDefinitionGetsTheServersReasons() {
    String invalid =
        Definitions.file(dir, "{\"name\": \"\", \"app_id\": \"a\", \"steps\": [], \"args\": []}");
    String malformed = Definitions.file(dir, "{\"name\": \"x\", \"app_id\": \"a\", \"args\": []}");

    int refused = run("start", invalid);
    int unprocessable = run("start", malformed);

    assertThat(refused).isEqualTo(1);
    assertThat(unprocessable).isEqualTo(1);
    assertThat(cli.err().lines().toList())
        .containsExactly(
            "rhythm: the server refused it: name is empty; steps is empty: a workflow needs at"
                + " least one step",
            "rhythm: the server refused it: body.steps: field required");
  }

  @Test
  void aMissingDefinitionFileIsAUsageError() {
    int exit = run("start", dir.resolve("none.json").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err())
        .isEqualTo("rhythm: the definition file " + dir.resolve("none.json") + " does not exist\n");
  }

  private int run(String command, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--url";
    all[args.length + 2] = url;
    return cli.run(all);
  }

  private String start(String definition) {
    Cli starter = new Cli(AppFactory.CONFIGURED, Map.of("RHYTHM_TOKEN", token), "");
    int exit = starter.run("start", Definitions.file(dir, definition), "--url", url);
    assertThat(exit).as(starter.err()).isZero();
    return starter.out().trim();
  }

  private static void awaitRunning(String id) {
    Cli.await(
        "workflow " + id + " to run its step",
        () -> {
          var step =
              server.app().queries().view(WorkflowId.of(id), ViewOptions.DEFAULT).steps().get(0);
          return step.status().equals(TaskState.STARTED)
              && step.lastTaskRun() != null
              && step.lastTaskRun().record() != null
              && step.lastTaskRun().record().state().equals(TaskState.STARTED);
        });
  }
}
