package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands with {@code --direct}: on the store and broker they share with a running
 * {@code rhythm worker}, no server in between.
 */
@Timeout(60) // a command that runs until stopped is interrupted instead of hanging the build
class DirectModeTest {
  private final SharedMemory memory = new SharedMemory();
  private final Cli workers = new Cli(memory.apps());
  private final Cli cli = new Cli(memory.apps());

  @TempDir Path dir;

  @AfterEach
  void closeTheSharedAdapters() {
    memory.close();
  }

  @Test
  void theClientCommandsWorkOnTheStoreAndBrokerTheWorkersShare() throws Exception {
    try (Cli.Background worker = workers.background("worker", "--queues", "cli")) {
      worker.awaitOutput("running");
      String id = start(Definitions.of("direct", "cli.block", "cli.upper"));
      awaitStatus(id, "STARTED, 0 of 2 steps done");

      int paused = cli.run("pause", "--direct", id);
      awaitStatus(id, "REVOKED, 0 of 2 steps done, paused");
      int resumed = cli.run("resume", "--direct", "--force", id);
      awaitStatus(id, "STARTED, 0 of 2 steps done");
      int listed = cli.run("list", "--direct", "--status", "ACTIVE");
      int deleted = cli.run("delete", "--direct", id);
      int gone = cli.run("status", "--direct", id);

      assertThat(List.of(paused, resumed, listed, deleted, gone)).containsExactly(0, 0, 0, 0, 1);
      assertThat(cli.out())
          .containsPattern("paused " + id + ": revoked step 'block' \\(task [0-9a-f-]{36}\\)\n")
          .contains("resumed " + id + ": restarted step 'block' (task cli.block)\n")
          .containsPattern("\n" + id + "  direct  cli-test  STARTED  0/2 ")
          .contains("deleted " + id + "\n");
      assertThat(cli.err()).endsWith("rhythm: no workflow '" + id + "'\n");
    }
  }

  @Test
  void aWorkflowStartedDirectlyRunsToSuccess() throws Exception {
    int watched;
    String id;
    try (Cli.Background worker = workers.background("worker", "--queues", "cli")) {
      worker.awaitOutput("running");
      id = start(Definitions.of("direct", "cli.count", "cli.upper"));
      watched = cli.run("watch", "--direct", "--plain", id);
    }
    cli.reset();

    int status = cli.run("status", "--direct", id);

    assertThat(watched).isZero();
    assertThat(status).isZero();
    assertThat(cli.out())
        .contains("status    SUCCESS, 2 of 2 steps done")
        .containsPattern("\nupper +cli\\.upper +SUCCESS ");
  }

  @Test
  void anInvalidDefinitionListsEveryProblem() {
    String definition =
        Definitions.file(
            dir,
            "{\"name\": \"x\", \"app_id\": 7, \"steps\": [{\"name\": \"a\"}, {\"name\": \"a\","
                + " \"task\": \"t\", \"priority\": 12}], \"args\": []}");

    int exit = cli.run("start", "--direct", definition);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err().lines().toList())
        .contains(
            "rhythm: app_id is not a string; steps[0].task is missing; steps[1].priority is 12,"
                + " not between 0 and 9; duplicate step names: [a]");
  }

  @Test
  void onTheInMemoryStoreDirectModeSaysItSeesItsOwnProcessOnly() {
    String id = UUID.randomUUID().toString();

    int exit = cli.run("status", "--direct", id);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err().lines().toList())
        .containsExactly(
            "rhythm: note: --direct on the in-memory store sees this process alone; set"
                + " RHYTHM_STORE and RHYTHM_MONGO_URI (see --config) to reach the shared one",
            "rhythm: no workflow '" + id + "'");
  }

  private String start(String definition) {
    Cli starter = new Cli(memory.apps());
    int exit = starter.run("start", "--direct", Definitions.file(dir, definition));
    assertThat(exit).as(starter.err()).isZero();
    return starter.out().trim();
  }

  private void awaitStatus(String id, String status) {
    Cli.await(
        id + " to be " + status,
        () -> {
          Cli look = new Cli(memory.apps());
          look.run("status", "--direct", id);
          return look.out().contains("\nstatus    " + status + "\n");
        });
  }
}
