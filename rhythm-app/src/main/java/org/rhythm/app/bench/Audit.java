package org.rhythm.app.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Step;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.ResultStore;

/**
 * Reads a bench's workflows back from the store and checks each outcome (DESIGN.md §7): every
 * workflow SUCCESS, every step run exactly once with one SUCCESS record, each step's argument the
 * previous step's result. Collects the step-to-step and end-to-end latencies from the stored
 * timestamps on the way.
 */
final class Audit {
  private final List<Long> stepMicros = new ArrayList<>();
  private final List<Long> workflowMicros = new ArrayList<>();
  private int succeeded;
  private int lostRuns;
  private int duplicateRuns;
  private int wrongArgs;
  private int stuckWorkflows;

  /** Checks one workflow, started with {@code startArgs}. */
  void check(ResultStore store, WorkflowId id, List<Object> startArgs) {
    Optional<Workflow> found = store.find(id);
    if (found.isEmpty()) {
      stuckWorkflows++;
      return;
    }
    Workflow workflow = found.get();
    TaskRecords records = store.tasks(workflow.taskIds());
    if (workflow.status(records).equals(WorkflowStatus.SUCCESS)) {
      succeeded++;
    } else {
      stuckWorkflows++;
    }
    List<Object> expectedArgs = startArgs;
    TaskRecord previous = null;
    for (Step step : workflow.steps()) {
      if (step.taskRuns().isEmpty()) {
        lostRuns++;
        return;
      }
      if (step.taskRuns().size() > 1) {
        duplicateRuns++;
      }
      TaskRun run = step.taskRuns().get(0);
      Optional<TaskRecord> record = records.find(run.taskId());
      if (record.isEmpty() || !record.get().state().equals(TaskState.SUCCESS)) {
        lostRuns++;
        return;
      }
      if (!expectedArgs.equals(record.get().args())) {
        wrongArgs++;
      }
      if (previous != null) {
        stepMicros.add(micros(previous.dateDone(), run.dateStart()));
      }
      previous = record.get();
      expectedArgs = record.get().nextStepArgs().orElse(List.of());
    }
    Instant sent = workflow.step(0).dispatch().sentAt();
    workflowMicros.add(micros(sent, previous.dateDone()));
  }

  int succeeded() {
    return succeeded;
  }

  int anomalies() {
    return lostRuns + duplicateRuns + wrongArgs + stuckWorkflows;
  }

  BenchReport.Anomalies anomalyCounts() {
    return new BenchReport.Anomalies(lostRuns, duplicateRuns, wrongArgs, stuckWorkflows);
  }

  Percentiles stepLatency() {
    return Percentiles.ofMicros(stepMicros.stream().mapToLong(Long::longValue).toArray());
  }

  Percentiles workflowLatency() {
    return Percentiles.ofMicros(workflowMicros.stream().mapToLong(Long::longValue).toArray());
  }

  private static long micros(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1_000;
  }
}
