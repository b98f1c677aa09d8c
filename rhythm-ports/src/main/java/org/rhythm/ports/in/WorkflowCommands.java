package org.rhythm.ports.in;

import java.util.List;
import java.util.Map;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;

/**
 * What callers do to workflows. Every method throws {@link WorkflowNotFoundException} for an
 * unknown id.
 */
public interface WorkflowCommands {

  /**
   * Stores a new, unstarted workflow from a definition.
   *
   * @throws org.rhythm.domain.workflow.InvalidWorkflowSpecException listing every problem of the
   *     definition
   */
  WorkflowId create(WorkflowSpec spec);

  /**
   * Dispatches step 1 with these arguments, which are kept for a later resume of step 1.
   *
   * @throws org.rhythm.domain.workflow.WorkflowAlreadyStartedException when it was started before
   */
  void start(WorkflowId id, List<Object> args, Map<String, Object> kwargs);

  /** Pauses the workflow, revoking the pending step's live task (DESIGN.md §3.6). */
  PauseResult pause(WorkflowId id);

  /**
   * Runs the pending step again (DESIGN.md §3.7), with {@code args} when not null.
   *
   * @throws org.rhythm.domain.workflow.MissingResumeArgumentsException when no arguments were given
   *     or found
   */
  ResumeResult resume(WorkflowId id, boolean force, List<Object> args);

  /**
   * Deletes the workflow after revoking its live task, and its task records when {@code withTasks}.
   * Returns whether it existed; an unknown id is not an error here.
   */
  boolean delete(WorkflowId id, boolean withTasks);
}
