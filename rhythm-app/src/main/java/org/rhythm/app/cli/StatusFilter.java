package org.rhythm.app.cli;

import java.util.Set;
import org.rhythm.domain.workflow.WorkflowStatus;

/** The status filters of {@code GET /workflows}: the five statuses and rhythm_api's groups. */
enum StatusFilter {
  PENDING,
  STARTED,
  SUCCESS,
  FAILURE,
  REVOKED,
  ACTIVE,
  DONE,
  EXCEPTION;

  /** The statuses this filter lets through. */
  Set<WorkflowStatus> statuses() {
    return switch (this) {
      case ACTIVE -> WorkflowStatus.ACTIVE;
      case DONE -> WorkflowStatus.DONE;
      case EXCEPTION -> WorkflowStatus.EXCEPTION;
      case PENDING, STARTED, SUCCESS, FAILURE, REVOKED -> Set.of(WorkflowStatus.of(name()));
    };
  }
}
