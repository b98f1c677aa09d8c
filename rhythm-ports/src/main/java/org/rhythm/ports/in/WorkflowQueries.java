package org.rhythm.ports.in;

import java.util.List;
import java.util.Map;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.WorkflowQuery;

/** What callers read about workflows. */
public interface WorkflowQueries {

  /**
   * The workflow's view, in a constant number of store round trips whatever its step count.
   *
   * @throws WorkflowNotFoundException for an unknown id
   */
  WorkflowView view(WorkflowId id, ViewOptions options);

  /** One page of views, in a constant number of store round trips whatever the page size. */
  WorkflowViewPage list(WorkflowQuery query, ViewOptions options);

  /** How many workflows have each status, the five standard ones always present (0 when none). */
  Map<WorkflowStatus, Long> countsByStatus(String appId);

  /**
   * The distinct step names ({@code kwargs.step}) of every task record, of every app, in ascending
   * order: rhythm_api's {@code /tasks/unique}.
   */
  List<String> taskStepNames();
}
