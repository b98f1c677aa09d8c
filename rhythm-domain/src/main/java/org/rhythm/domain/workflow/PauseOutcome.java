package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What {@code pause} decided. */
public sealed interface PauseOutcome {

  /** Pause the workflow, revoking the pending step's live task if it has one. */
  record Paused(Decision decision, Optional<RevokedStep> revokedStep) implements PauseOutcome {
    public Paused {
      requireNonNull(decision, "decision");
      requireNonNull(revokedStep, "revokedStep");
    }
  }

  /** Nothing to pause: the workflow is done or already paused. */
  record NothingToPause(WorkflowStatus status) implements PauseOutcome {
    public NothingToPause {
      requireNonNull(status, "status");
    }
  }

  /** The step whose task a pause revoked. */
  record RevokedStep(String taskId, String task, String name) {}
}
