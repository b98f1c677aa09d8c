package org.rhythm.ports.service;

import java.util.Collection;
import java.util.Optional;
import java.util.function.BiFunction;
import org.rhythm.domain.workflow.Decision;
import org.rhythm.domain.workflow.TaskCommand;
import org.rhythm.domain.workflow.TaskRecords;
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
 */
final class Transitions {
  private final ResultStore store;
  private final Broker broker;
  private final ServiceSettings settings;

  Transitions(ResultStore store, Broker broker, ServiceSettings settings) {
    this.store = store;
    this.broker = broker;
    this.settings = settings;
  }

  /**
   * Decides and applies one repair of a workflow, as {@link Reconciler} asks; returns whether it
   * applied.
   */
  boolean repair(WorkflowId id, BiFunction<Workflow, TaskRecords, Optional<Decision>> decide) {
    return decideAndApply(
        id,
        (workflow, records) ->
            decide
                .apply(workflow, records)
                .map(decision -> Choice.apply(decision, Boolean.TRUE))
                .orElseGet(() -> Choice.done(Boolean.FALSE)));
  }

  Workflow load(WorkflowId id) {
    return store.find(id).orElseThrow(() -> new WorkflowNotFoundException(id));
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
      if (retry.call(() -> store.apply(id, choice.decision().transition()))) {
        perform(choice.decision().commands());
        return choice.result();
      }
    }
    throw new ContendedWorkflowException(id, settings.maxRaces());
  }

  private <T> Choice<T> decide(WorkflowId id, BiFunction<Workflow, TaskRecords, Choice<T>> decide) {
    Workflow workflow = load(id);
    return decide.apply(workflow, store.tasks(workflow.currentTaskIds()));
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
      store.saveTask(mark.record());
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
