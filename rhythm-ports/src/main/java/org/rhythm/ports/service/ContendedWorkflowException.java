package org.rhythm.ports.service;

import org.rhythm.domain.RhythmException;
import org.rhythm.domain.workflow.WorkflowId;

/**
 * A transition lost the race for a workflow to other writers more times than the settings allow.
 */
public class ContendedWorkflowException extends RhythmException {
  private static final long serialVersionUID = 1L;

  public ContendedWorkflowException(WorkflowId id, int races) {
    super("workflow " + id + ": gave up after losing " + races + " races to other writers");
  }
}
