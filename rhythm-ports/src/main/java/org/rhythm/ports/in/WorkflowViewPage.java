package org.rhythm.ports.in;

import java.util.List;

/** One page of workflow views, with the total matching and the page's bounds. */
public record WorkflowViewPage(long total, int skip, int limit, List<WorkflowView> results) {
  public WorkflowViewPage {
    results = List.copyOf(results);
  }
}
