package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rhythm worker} with the tests' task module on the class path, and the workflows it runs
 * started and watched by other commands on the same in-memory broker and store.
 */
@Timeout(60) // a command that runs until stopped is interrupted instead of hanging the build
class WorkerCommandTest {
  private final SharedMemory memory = new SharedMemory();
  private final Cli workers = new Cli(memory.apps());
  private final Cli client = new Cli(memory.apps());

  @TempDir Path dir;

  @AfterEach
  void closeTheSharedAdapters() {
    memory.close();
  }

  @Test
  void aWorkerRunsTheClassPathsTaskModulesUntilStopped() throws Exception {
    String definition = Definitions.file(dir, Definitions.of("two", "cli.count", "cli.upper"));

    int started;
    int watched;
    int stopped;
    try (Cli.Background worker =
        workers.background("worker", "--queues", "cli", "--concurrency", "2", "--name", "w@test")) {
      worker.awaitOutput("rhythm worker w@test running");
      started = client.run("start", "--direct", definition);
      String id = client.out().trim();
      client.reset();
      watched = client.run("watch", "--direct", "--plain", id);
      stopped = worker.stop();
    }

    assertThat(started).as(client.err()).isZero();
    assertThat(watched).as(client.err()).isZero();
    assertThat(stopped).isZero();
    assertThat(workers.out())
        .contains("rhythm worker w@test running (broker memory, store memory)")
        .contains("queues cli, 2 at a time; tasks:")
        .containsPattern("\n  cli\\.upper +org\\.rhythm\\.app\\.cli\\.CliTestTasks\n")
        .containsPattern("\n  demo\\.stage +org\\.rhythm\\.app\\.demo\\.DemoTasks\n");
    assertThat(workers.err())
        .contains("rhythm: note: the in-memory broker reaches no other process");
    assertThat(client.out())
        .containsPattern("\n  count +SUCCESS +\\[#{24}\\] 100%\n")
        .containsPattern("\n  upper +SUCCESS +\\[#{24}\\] 100%\n")
        .contains("ended SUCCESS, 2 of 2 steps done");
  }

  @Test
  void withoutQueuesAWorkerServesTheModulesQueuesAndTheDefaultOne() throws Exception {
    String definition =
        Definitions.file(
            dir,
            "{\"name\": \"default queue\", \"app_id\": \"cli-test\", \"steps\": [{\"name\":"
                + " \"upper\", \"task\": \"cli.upper\"}], \"args\": [\"x\"]}");

    String queues;
    int watched;
    try (Cli.Background worker = workers.background("worker")) {
      queues = worker.awaitOutput("\nqueues (.*), 4 at a time");
      client.run("start", "--direct", definition);
      watched = client.run("watch", "--direct", "--plain", client.out().trim());
    }

    assertThat(queues.split(", ")).containsExactlyInAnyOrder("cli", "demo", "celery");
    assertThat(watched).as(client.err()).isZero();
  }

  @Test
  void aMissingJarIsAUsageError() {
    int exit = workers.run("worker", "--jar", dir.resolve("none.jar").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(workers.err())
        .isEqualTo("rhythm: the task jar " + dir.resolve("none.jar") + " does not exist\n");
  }

  @Test
  void aQueueNamedTwiceIsRefused() {
    int exit = workers.run("worker", "--queues", "cli,cli", "--name", "w@test");

    assertThat(exit).isEqualTo(2);
    assertThat(workers.err())
        .isEqualTo("rhythm: worker w@test: queues are not blank and distinct: [cli, cli]\n");
  }
}
