package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;

/**
 * A request to resume: whether to force it, the arguments to run the step with (null to find them
 * as DESIGN.md §3.7 says), the resume lock's lease, the new task id and the time.
 */
public record ResumeRequest(
    boolean force, List<Object> args, Duration lease, TaskId taskId, Instant now) {
  public ResumeRequest {
    args = args == null ? null : Json.copyList(args);
    requireNonNull(lease, "lease");
    requireNonNull(taskId, "taskId");
    requireNonNull(now, "now");
  }
}
