package org.rhythm.domain.workflow;

import org.rhythm.domain.IllegalTransitionException;

/**
 * A resume found no arguments to run the pending step with, and none were given (DESIGN.md §3.7).
 */
public class MissingResumeArgumentsException extends IllegalTransitionException {
  private static final long serialVersionUID = 1L;

  public MissingResumeArgumentsException(WorkflowId workflowId, String stepName) {
    super(
        "workflow "
            + workflowId
            + ": no arguments were found to resume step '"
            + stepName
            + "' with; give them as args");
  }
}
