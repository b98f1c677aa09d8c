package org.rhythm.ports.out;

import org.rhythm.domain.RhythmException;
import org.rhythm.domain.workflow.WorkflowId;

/** A workflow was created with the id of one that is already stored. */
public class WorkflowExistsException extends RhythmException {
  private static final long serialVersionUID = 1L;

  public WorkflowExistsException(WorkflowId id) {
    super("workflow " + id + " already exists");
  }
}
