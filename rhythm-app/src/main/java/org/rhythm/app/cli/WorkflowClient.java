package org.rhythm.app.cli;

import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.in.WorkflowViewPage;

/**
 * What the client commands ({@code start}, {@code status}, {@code list}, {@code watch}, {@code
 * pause}, {@code resume}, {@code delete}) do to workflows: through a Rhythm server's REST API
 * ({@link HttpWorkflowClient}) or directly on the configured store and broker ({@link
 * DirectWorkflowClient}). Every method taking an id throws {@link
 * org.rhythm.ports.in.WorkflowNotFoundException} when no workflow has it.
 */
interface WorkflowClient extends AutoCloseable {

  /** Creates and starts a workflow from the body of {@code POST /workflows}; returns its id. */
  WorkflowId start(byte[] definition);

  /** The workflow with its steps and each step's last run. */
  WorkflowView view(WorkflowId id);

  /**
   * The newest workflows, at most {@code limit}, with this status filter (one of {@link
   * StatusFilter}'s names; null for all).
   */
  WorkflowViewPage list(String status, int limit);

  PauseResult pause(WorkflowId id);

  ResumeResult resume(WorkflowId id, boolean force);

  /** Deletes the workflow, revoking its live task first. */
  void delete(WorkflowId id);

  @Override
  void close();
}
