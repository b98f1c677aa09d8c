package org.rhythm.domain.workflow;

import org.rhythm.domain.IllegalTransitionException;

/** {@code start} was asked of a workflow that was already started. */
public class WorkflowAlreadyStartedException extends IllegalTransitionException {
  private static final long serialVersionUID = 1L;

  private final transient WorkflowId workflowId;

  public WorkflowAlreadyStartedException(WorkflowId workflowId) {
    super("workflow " + workflowId + " was already started; resume it instead");
    this.workflowId = workflowId;
  }

  public WorkflowId workflowId() {
    return workflowId;
  }
}
