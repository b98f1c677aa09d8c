package org.rhythm.ports.in;

import org.rhythm.domain.RhythmException;
import org.rhythm.domain.workflow.WorkflowId;

/** No workflow has this id. */
public class WorkflowNotFoundException extends RhythmException {
  private static final long serialVersionUID = 1L;

  private final transient WorkflowId workflowId;

  public WorkflowNotFoundException(WorkflowId workflowId) {
    super("Workflow with id " + workflowId + " is not found");
    this.workflowId = workflowId;
  }

  public WorkflowId workflowId() {
    return workflowId;
  }
}
