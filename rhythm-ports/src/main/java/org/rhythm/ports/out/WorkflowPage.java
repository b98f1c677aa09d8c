package org.rhythm.ports.out;

import java.util.List;
import org.rhythm.domain.workflow.Workflow;

/** One page of a workflow list and how many workflows matched in all. */
public record WorkflowPage(long total, List<Workflow> workflows) {
  public WorkflowPage {
    workflows = List.copyOf(workflows);
  }
}
