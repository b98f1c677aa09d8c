package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.out.ResultStore;

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

  @Test
  void withAckAtStartAWorkerHoldsItsRunningTaskByALease() throws Exception {
    String definition = Definitions.file(dir, Definitions.of("leased", "cli.block"));

    WorkflowId id;
    Heartbeat heartbeat;
    try (Cli.Background worker =
        workers.background("worker", "--queues", "cli", "--ack-at-start", "--name", "w@lease")) {
      worker.awaitOutput("rhythm worker w@lease running");
      client.run("start", "--direct", definition);
      id = WorkflowId.of(client.out().trim());
      heartbeat = awaitHeartbeat(id);
    }

    assertThat(heartbeat.leased()).isTrue();
    assertThat(heartbeat.taskId()).isEqualTo(onlyRun(id).taskId());
  }

  @Test
  void withoutAckAtStartTheRunningTaskOfAStoppedWorkerGoesBackToItsQueue() throws Exception {
    String definition = Definitions.file(dir, Definitions.of("late ack", "cli.block"));
    WorkflowId id;
    TaskRecord first;
    try (Cli.Background worker =
        workers.background("worker", "--queues", "cli", "--name", "w@first")) {
      worker.awaitOutput("rhythm worker w@first running");
      client.run("start", "--direct", definition);
      id = WorkflowId.of(client.out().trim());
      first = awaitRunningOn(id, "w@first");
    }

    TaskRecord second;
    try (Cli.Background worker =
        workers.background("worker", "--queues", "cli", "--name", "w@second")) {
      second = awaitRunningOn(id, "w@second");
    }

    assertThat(second.taskId()).isEqualTo(first.taskId());
    assertThat(onlyRun(id).taskId()).isEqualTo(first.taskId());
  }

  /** The heartbeat of the workflow's first step, once there is one. */
  private Heartbeat awaitHeartbeat(WorkflowId id) {
    AtomicReference<Heartbeat> heartbeat = new AtomicReference<>();
    Cli.await(
        "a heartbeat of the first step of workflow " + id,
        () -> {
          memory
              .store()
              .find(id)
              .map(workflow -> workflow.step(0).heartbeat())
              .ifPresent(heartbeat::set);
          return heartbeat.get() != null;
        });
    return heartbeat.get();
  }

  /** The record of the first step's last run, once that task runs on {@code worker}. */
  private TaskRecord awaitRunningOn(WorkflowId id, String worker) {
    AtomicReference<TaskRecord> record = new AtomicReference<>();
    Cli.await(
        worker + " running the first step of workflow " + id,
        () -> {
          lastRecord(id)
              .filter(found -> found.state().equals(TaskState.STARTED))
              .filter(found -> worker.equals(found.worker()))
              .ifPresent(record::set);
          return record.get() != null;
        });
    return record.get();
  }

  private Optional<TaskRecord> lastRecord(WorkflowId id) {
    ResultStore store = memory.store();
    return store
        .find(id)
        .flatMap(workflow -> workflow.step(0).lastRun())
        .flatMap(run -> store.tasks(List.of(run.taskId())).find(run.taskId()));
  }

  private TaskRun onlyRun(WorkflowId id) {
    List<TaskRun> runs = memory.store().find(id).orElseThrow().step(0).taskRuns();
    assertThat(runs).hasSize(1);
    return runs.get(0);
  }
}
