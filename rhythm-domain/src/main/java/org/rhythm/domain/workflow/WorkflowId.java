package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

/** The id of a workflow: the {@code _id} of its {@code workflow_meta} document, a UUID string. */
public record WorkflowId(String value) {
  public WorkflowId {
    requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a workflow id is not blank");
    }
  }

  public static WorkflowId of(String value) {
    return new WorkflowId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
