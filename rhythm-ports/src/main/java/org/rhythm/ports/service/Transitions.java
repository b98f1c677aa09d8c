package org.rhythm.ports.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.workflow.Decision;
import org.rhythm.domain.workflow.Step;
import org.rhythm.domain.workflow.TaskCommand;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.WorkflowNotFoundException;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.TaskMessage;

/**
 * The loop every use case shares (DESIGN.md §2.1): load a workflow and the records the rules read,
 * let the domain decide, apply the guarded transition and, only when it won, carry out its
 * commands; a lost race is decided again on fresh state, and a transient failure is retried with
 * backoff.
 *
 * <p>A worker's report may first be decided on the workflow as this service last saw it ({@link
 * Snapshots}), without reading it again: {@link #repairFromSnapshot}. That snapshot may be stale,
 * so only decisions whose inputs their guards protect are taken on it; a refused one, or finding
 * nothing to do there (which no guard verifies), is decided again on fresh state; and the one input
 * no guard covers, the cached status, is checked on the workflow the store returns.
 */
final class Transitions {
  private final ResultStore store;
  private final Broker broker;
  private final ServiceSettings settings;
  private final Clock clock;
  private final Snapshots snapshots = new Snapshots();

  Transitions(ResultStore store, Broker broker, ServiceSettings settings, Clock clock) {
    this.store = store;
    this.broker = broker;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Decides and applies one repair of a workflow, as {@link Reconciler} asks; returns whether it
   * applied.
   */
  boolean repair(WorkflowId id, BiFunction<Workflow, TaskRecords, Optional<Decision>> decide) {
    return decideAndApply(id, asChoice(decide));
  }

  /**
   * Like {@link #repair}, but decides first with {@code guarded} on the kept snapshot of the
   * workflow (see {@link #decideAndApplyFromSnapshot}); when that decides nothing or is refused,
   * repairs on fresh state with {@code decide}. Returns whether a change was applied.
   */
  boolean repairFromSnapshot(
      WorkflowId id,
      TaskId reported,
      TaskRecord known,
      BiFunction<Workflow, TaskRecords, Optional<Decision>> guarded,
      BiFunction<Workflow, TaskRecords, Optional<Decision>> decide) {
    return decideAndApplyFromSnapshot(id, reported, known, asChoice(guarded), asChoice(decide));
  }

  /**
   * Like {@link #decideAndApply}, but decides first with {@code guarded} on the kept snapshot of
   * the workflow, if there is one, and on the records of its status plus {@code reported}'s ({@code
   * known} when given; none when {@code reported} is null). {@code guarded} chooses only decisions
   * that their guards protect: the store refuses them unless what they were decided from still
   * holds, and whatever it throws holds on fresh state too. When it chooses no decision on the
   * snapshot, or its decision is refused, everything is decided again on fresh state with {@code
   * decide}.
   */
  <T> T decideAndApplyFromSnapshot(
      WorkflowId id,
      TaskId reported,
      TaskRecord known,
      BiFunction<Workflow, TaskRecords, Choice<T>> guarded,
      BiFunction<Workflow, TaskRecords, Choice<T>> decide) {
    Optional<Workflow> kept = snapshots.workflow(id);
    if (kept.isPresent()) {
      Workflow snapshot = kept.get();
      Backoff retry = settings.transientRetry();
      TaskRecords records = retry.call(() -> records(snapshot, reported, known));
      Choice<T> choice = guarded.apply(snapshot, records);
      if (choice.decision() != null) {
        Optional<Workflow> changed = retry.call(() -> apply(id, choice.decision().transition()));
        if (changed.isPresent()) {
          perform(choice.decision().commands());
          checkStatus(changed.get(), reported, known, snapshot, records);
          return choice.result();
        }
      }
    }
    return decideAndApply(id, decide);
  }

  private static BiFunction<Workflow, TaskRecords, Choice<Boolean>> asChoice(
      BiFunction<Workflow, TaskRecords, Optional<Decision>> decide) {
    return (workflow, records) ->
        decide
            .apply(workflow, records)
            .map(decision -> Choice.apply(decision, Boolean.TRUE))
            .orElseGet(() -> Choice.done(Boolean.FALSE));
  }

  /** The workflow as this service last saw it, if it kept it; possibly stale. */
  Optional<Workflow> snapshot(WorkflowId id) {
    return snapshots.workflow(id);
  }

  /** The stored workflow, read now. */
  Workflow load(WorkflowId id) {
    Optional<Workflow> found = store.find(id);
    if (found.isEmpty()) {
      snapshots.forget(id);
      throw new WorkflowNotFoundException(id);
    }
    snapshots.remember(found.get());
    return found.get();
  }

  /**
   * Applies a transition; when it was made, keeps the workflow the store returned and returns it.
   */
  Optional<Workflow> apply(WorkflowId id, Transition transition) {
    Optional<Workflow> changed = store.apply(id, transition);
    changed.ifPresent(snapshots::remember);
    return changed;
  }

  /**
   * The records a decision on {@code workflow} about {@code reported} reads: those of the status
   * and {@code reported}'s (if not null), which is {@code known} when given. Done records come from
   * what this service kept; the others are read in one round trip, and none when all are kept.
   */
  TaskRecords records(Workflow workflow, TaskId reported, TaskRecord known) {
    List<TaskId> ids = new ArrayList<>(workflow.steps().size() + 1);
    ids.addAll(workflow.statusTaskIds());
    if (reported != null && known == null) {
      ids.add(reported);
    }
    List<TaskRecord> found = new ArrayList<>(ids.size() + 1);
    List<TaskId> missing = new ArrayList<>();
    for (TaskId id : ids) {
      if (known == null || !id.equals(known.taskId())) {
        if (!snapshots.addDoneRecord(id, found)) {
          missing.add(id);
        }
      }
    }
    if (!missing.isEmpty()) {
      TaskRecords read = store.tasks(missing);
      read.records().values().forEach(snapshots::rememberIfDone);
      found.addAll(read.records().values());
    }
    TaskRecords records = TaskRecords.of(found);
    return known == null ? records : records.with(known);
  }

  /** The done record of this task, if this service kept it. */
  Optional<TaskRecord> doneRecord(TaskId id) {
    return snapshots.doneRecord(id);
  }

  /** Notes a record that is now the stored one (kept only when done). */
  void stored(TaskRecord record) {
    snapshots.rememberIfDone(record);
  }

  /** Notes a workflow this service created. */
  void created(Workflow workflow) {
    snapshots.remember(workflow);
  }

  /** Forgets a deleted workflow and its deleted task records. */
  void deleted(WorkflowId id, Collection<TaskId> deletedTasks) {
    snapshots.forget(id);
    snapshots.forgetTasks(deletedTasks);
  }

  /**
   * Checks the cached status a decision on a snapshot wrote, on the workflow the store returned: a
   * snapshot older than the stored workflow can pass every guard and still differ in what the
   * status reads (runs of other steps, a pause since cleared), so the status it derived may be
   * wrong. Repaired on fresh state.
   *
   * <p>{@code decidedOn} and {@code decidedWith} are the snapshot and the records the decision
   * read: when the returned workflow's status reads the same tasks (or {@code reported}, whose
   * record is overlaid), those records serve again instead of being looked up twice.
   */
  void checkStatus(
      Workflow changed,
      TaskId reported,
      TaskRecord known,
      Workflow decidedOn,
      TaskRecords decidedWith) {
    TaskRecords records =
        readsSameTasks(changed, decidedOn, reported)
            ? decidedWith
            : settings.transientRetry().call(() -> records(changed, reported, known));
    if (!changed.status(records).equals(changed.storedStatus())) {
      // The reported record may not be written yet (a start), so it overlays what is read.
      repair(
          changed.id(),
          (workflow, fresh) ->
              workflow.refreshStatus(known == null ? fresh : fresh.with(known), clock.instant()));
    }
  }

  /**
   * Whether every step's last run in {@code changed} is the one in {@code decidedOn}, or {@code
   * reported}: then the status of {@code changed} reads only records the decision already read.
   */
  private static boolean readsSameTasks(Workflow changed, Workflow decidedOn, TaskId reported) {
    List<Step> now = changed.steps();
    List<Step> before = decidedOn.steps();
    if (now.size() != before.size()) {
      return false;
    }
    for (int i = 0; i < now.size(); i++) {
      if (!now.get(i).lastRunIsSameAs(before.get(i), reported)) {
        return false;
      }
    }
    return true;
  }

  <T> T decideAndApply(WorkflowId id, BiFunction<Workflow, TaskRecords, Choice<T>> decide) {
    Backoff retry = settings.transientRetry();
    for (int race = 0; race < settings.maxRaces(); race++) {
      // A transient failure is retried on fresh state: if the change was made before the failure,
      // the next decision sees it; a dispatch recorded but not sent is re-sent by the reconciler.
      Choice<T> choice = retry.call(() -> decide(id, decide));
      if (choice.decision() == null) {
        return choice.result();
      }
      if (retry.call(() -> apply(id, choice.decision().transition())).isPresent()) {
        perform(choice.decision().commands());
        return choice.result();
      }
    }
    throw new ContendedWorkflowException(id, settings.maxRaces());
  }

  private <T> Choice<T> decide(WorkflowId id, BiFunction<Workflow, TaskRecords, Choice<T>> decide) {
    Workflow workflow = load(id);
    TaskRecords records = store.tasks(workflow.currentTaskIds());
    records.records().values().forEach(snapshots::rememberIfDone);
    return decide.apply(workflow, records);
  }

  /** Carries out a winner's commands, each retried alone on a transient failure, in order. */
  void perform(Collection<TaskCommand> commands) {
    for (TaskCommand command : commands) {
      settings.transientRetry().call(() -> perform(command));
    }
  }

  private boolean perform(TaskCommand command) {
    if (command instanceof TaskCommand.SendTask send) {
      broker.publish(TaskMessage.of(send));
    } else if (command instanceof TaskCommand.RevokeTask revoke) {
      broker.revoke(revoke.taskId());
    } else if (command instanceof TaskCommand.MarkRevoked mark) {
      if (store.saveTask(mark.record())) {
        snapshots.rememberIfDone(mark.record());
      }
    }
    return true;
  }

  /** What a decision step chose: a decision to apply (null for none) and the result to return. */
  record Choice<T>(Decision decision, T result) {
    static <T> Choice<T> apply(Decision decision, T result) {
      return new Choice<>(decision, result);
    }

    static <T> Choice<T> done(T result) {
      return new Choice<>(null, result);
    }
  }
}
