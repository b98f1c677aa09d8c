package org.rhythm.ports.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;

class SnapshotsTest {
  private static final Instant T0 = Instant.parse("2024-01-05T14:00:00Z");

  @Test
  void keepsTheLastSnapshotOfAWorkflowUntilForgotten() {
    Snapshots snapshots = new Snapshots();
    Workflow workflow = workflow();
    snapshots.remember(workflow);

    snapshots.forget(workflow.id());

    assertThat(snapshots.workflow(workflow.id())).isEmpty();
  }

  @Test
  void keepsDoneRecordsOnly() {
    Snapshots snapshots = new Snapshots();
    TaskRecord running = running();
    TaskRecord done = running().moveTo(TaskState.SUCCESS, List.of(1L), null, T0);

    snapshots.rememberIfDone(running);
    snapshots.rememberIfDone(done);

    assertThat(snapshots.doneRecord(running.taskId())).isEmpty();
    assertThat(snapshots.doneRecord(done.taskId())).contains(done);
  }

  @Test
  void forgetsEntriesPastItsCapacity() {
    Snapshots snapshots = new Snapshots(4, 4);
    List<Workflow> workflows = IntStream.range(0, 5).mapToObj(i -> workflow()).toList();

    workflows.forEach(snapshots::remember);

    long kept = workflows.stream().filter(w -> snapshots.workflow(w.id()).isPresent()).count();
    assertThat(kept).isBetween(1L, 4L);
  }

  @Test
  void refusesACapacityBelowOne() {
    assertThatThrownBy(() -> new Snapshots(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 workflows");
  }

  private static Workflow workflow() {
    return Workflow.create(
        WorkflowId.of(UUID.randomUUID().toString()),
        WorkflowSpec.of("wf", "app", StepSpec.of("one", "t")),
        "q",
        T0);
  }

  private static TaskRecord running() {
    return TaskRecord.running(
        TaskId.of(UUID.randomUUID().toString()), "t", List.of(), Map.of(), "w", 0, "q", null);
  }
}
