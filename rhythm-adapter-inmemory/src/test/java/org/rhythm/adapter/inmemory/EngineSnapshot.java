package org.rhythm.adapter.inmemory;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.ResultStore;

/**
 * What the store holds about the workflow under test, read directly, and the reference model of its
 * status: DESIGN.md §3.5 written here from the text, from the stored task runs and task records,
 * without calling the domain's {@code Workflow.status}, {@code pendingStep} or {@code stepStatus}.
 */
record EngineSnapshot(Workflow workflow, TaskRecords records) {

  static EngineSnapshot read(ResultStore store, WorkflowId id, Collection<TaskId> known) {
    Workflow workflow =
        store.find(id).orElseThrow(() -> new AssertionError("workflow " + id + " is gone"));
    Set<TaskId> ids = new LinkedHashSet<>(known);
    ids.addAll(workflow.taskIds());
    return new EngineSnapshot(workflow, store.tasks(ids));
  }

  Optional<TaskRecord> record(TaskId taskId) {
    return records.find(taskId);
  }

  boolean isDone(TaskId taskId) {
    return record(taskId).map(r -> r.state().isDone()).orElse(false);
  }

  boolean isPaused() {
    return workflow.pausedAt() != null;
  }

  int size() {
    return workflow.steps().size();
  }

  List<TaskRun> runs(int step) {
    return workflow.steps().get(step).taskRuns();
  }

  Optional<TaskId> lastRun(int step) {
    List<TaskRun> runs = runs(step);
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1).taskId());
  }

  Dispatch dispatch(int step) {
    return workflow.steps().get(step).dispatch();
  }

  int totalRuns() {
    return workflow.steps().stream().mapToInt(step -> step.taskRuns().size()).sum();
  }

  /** §3.5: the task state of the step's last run; PENDING when it has no run or no task record. */
  TaskState stepState(int step) {
    return lastRun(step).flatMap(this::record).map(TaskRecord::state).orElse(TaskState.PENDING);
  }

  /** §3.5: the first step whose status is not SUCCESS; -1 when there is none. */
  int pending() {
    for (int i = 0; i < size(); i++) {
      if (!stepState(i).equals(TaskState.SUCCESS)) {
        return i;
      }
    }
    return -1;
  }

  /** §3.5: the index of the pending step, all steps when none. */
  int stepsDone() {
    int pending = pending();
    return pending < 0 ? size() : pending;
  }

  /** §3.5, sca_rhythm's rules plus the paused extension. */
  WorkflowStatus referenceStatus() {
    int pending = pending();
    if (pending < 0) {
      return WorkflowStatus.SUCCESS;
    }
    TaskState state = stepState(pending);
    if (isPaused() && !state.equals(TaskState.FAILURE)) {
      return WorkflowStatus.REVOKED;
    }
    if (pending == 0 && state.equals(TaskState.PENDING)) {
      return WorkflowStatus.PENDING;
    }
    if (state.equals(TaskState.STARTED)
        || state.equals(TaskState.RETRY)
        || state.equals(TaskState.PENDING)) {
      return WorkflowStatus.STARTED;
    }
    return WorkflowStatus.of(state.name());
  }
}
