package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import org.rhythm.domain.task.TaskState;

/**
 * The status of a workflow, derived from its steps' task states (DESIGN.md §3.5). Besides the five
 * of sca_rhythm a step's custom task state passes through unchanged.
 */
public record WorkflowStatus(String name) {
  public static final WorkflowStatus PENDING = new WorkflowStatus("PENDING");
  public static final WorkflowStatus STARTED = new WorkflowStatus("STARTED");
  public static final WorkflowStatus SUCCESS = new WorkflowStatus("SUCCESS");
  public static final WorkflowStatus FAILURE = new WorkflowStatus("FAILURE");
  public static final WorkflowStatus REVOKED = new WorkflowStatus("REVOKED");

  /** The five statuses every count reports, in the order rhythm_api lists them. */
  public static final List<WorkflowStatus> STANDARD =
      List.of(PENDING, STARTED, FAILURE, REVOKED, SUCCESS);

  /** rhythm_api's status groups for list filters. */
  public static final Set<WorkflowStatus> ACTIVE = Set.of(PENDING, STARTED);

  public static final Set<WorkflowStatus> DONE = Set.of(SUCCESS, FAILURE, REVOKED);
  public static final Set<WorkflowStatus> EXCEPTION = Set.of(FAILURE, REVOKED);

  public WorkflowStatus {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a workflow status is not blank");
    }
  }

  public static WorkflowStatus of(String name) {
    return new WorkflowStatus(name);
  }

  /** Whether the workflow is finished for now: SUCCESS, FAILURE or REVOKED. */
  public boolean isDone() {
    return DONE.contains(this);
  }

  /**
   * sca_rhythm's rule: the status of a workflow whose pending step (the first not SUCCESS) is at
   * {@code pendingIndex} (-1 when there is none) with state {@code pendingState}, plus the paused
   * extension.
   */
  static WorkflowStatus derive(int pendingIndex, TaskState pendingState, boolean paused) {
    if (pendingIndex < 0) {
      return SUCCESS;
    }
    WorkflowStatus unpaused = unpaused(pendingIndex, pendingState);
    if (paused && !pendingState.equals(TaskState.FAILURE)) {
      return REVOKED;
    }
    return unpaused;
  }

  private static WorkflowStatus unpaused(int pendingIndex, TaskState pendingState) {
    if (pendingIndex == 0 && pendingState.equals(TaskState.PENDING)) {
      return PENDING;
    }
    if (pendingState.equals(TaskState.STARTED)
        || pendingState.equals(TaskState.RETRY)
        || pendingState.equals(TaskState.PENDING)) {
      return STARTED;
    }
    return of(pendingState.name());
  }

  @Override
  public String toString() {
    return name;
  }
}
