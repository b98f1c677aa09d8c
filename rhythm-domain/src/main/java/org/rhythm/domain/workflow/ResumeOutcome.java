package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

/** What {@code resume} decided. */
public sealed interface ResumeOutcome {

  /** Run the pending step again. */
  record Resumed(Decision decision, String stepName, String task) implements ResumeOutcome {
    public Resumed {
      requireNonNull(decision, "decision");
      requireNonNull(stepName, "stepName");
      requireNonNull(task, "task");
    }
  }

  /** The workflow cannot be resumed now, for the reason given. */
  record NotResumable(String reason) implements ResumeOutcome {
    public NotResumable {
      requireNonNull(reason, "reason");
    }
  }
}
