package org.rhythm.domain.workflow;

import java.util.List;
import java.util.Optional;

/**
 * One atomic change of a stored workflow: targeted changes applied together, only if every guard
 * holds (DESIGN.md §2.1).
 */
public record Transition(List<Guard> guards, List<Change> changes) {
  public Transition {
    guards = List.copyOf(guards);
    changes = List.copyOf(changes);
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("a transition changes something");
    }
  }

  /** The workflow after this transition, or empty when a guard does not hold. */
  public Optional<Workflow> applyTo(Workflow workflow) {
    for (Guard guard : guards) {
      if (!guard.holds(workflow)) {
        return Optional.empty();
      }
    }
    WorkflowDraft draft = new WorkflowDraft(workflow);
    for (Change change : changes) {
      change.applyTo(draft);
    }
    return Optional.of(draft.build());
  }
}
