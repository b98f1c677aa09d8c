package org.rhythm.ports.in;

import java.time.Instant;
import java.util.List;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;

/**
 * A workflow as callers see it: sca_rhythm's embellished workflow (rhythm-api-contract.md §1.3)
 * plus whether it is paused.
 */
public record WorkflowView(
    WorkflowId id,
    String name,
    String appId,
    String description,
    Instant createdAt,
    Instant updatedAt,
    WorkflowStatus status,
    int stepsDone,
    int totalSteps,
    List<StepView> steps,
    Instant resumeLock,
    boolean paused) {
  public WorkflowView {
    steps = List.copyOf(steps);
  }
}
