package org.rhythm.ports.out;

import java.util.List;
import java.util.Set;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;

/**
 * Which workflows to list and which page of them: filters on {@code app_id} (null: any), the cached
 * status {@code _status} (empty: any), ids (null: any) and name (null: any); newest first unless
 * {@code oldestFirst}.
 */
public record WorkflowQuery(
    String appId,
    Set<WorkflowStatus> statuses,
    List<WorkflowId> ids,
    String name,
    int skip,
    int limit,
    boolean oldestFirst) {

  public WorkflowQuery {
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    ids = ids == null ? null : List.copyOf(ids);
    if (skip < 0) {
      throw new IllegalArgumentException("skip is not negative: " + skip);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit is not negative: " + limit);
    }
  }

  /** Every workflow, newest first, one page of {@code limit}. */
  public static WorkflowQuery all(int limit) {
    return new WorkflowQuery(null, Set.of(), null, null, 0, limit, false);
  }

  public WorkflowQuery withAppId(String value) {
    return new WorkflowQuery(value, statuses, ids, name, skip, limit, oldestFirst);
  }

  public WorkflowQuery withStatuses(Set<WorkflowStatus> value) {
    return new WorkflowQuery(appId, value, ids, name, skip, limit, oldestFirst);
  }

  public WorkflowQuery withIds(List<WorkflowId> value) {
    return new WorkflowQuery(appId, statuses, value, name, skip, limit, oldestFirst);
  }

  public WorkflowQuery withSkip(int value) {
    return new WorkflowQuery(appId, statuses, ids, name, value, limit, oldestFirst);
  }
}
