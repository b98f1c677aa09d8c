package org.rhythm.domain.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A workflow being changed: the changes of one transition edit it in place, then it becomes one new
 * immutable {@link Workflow}. Only this package makes drafts; a draft is used by one thread and
 * then dropped.
 */
public final class WorkflowDraft {
  private final Workflow base;
  private Step[] steps;
  private WorkflowStatus storedStatus;
  private Instant updatedAt;
  private Instant resumeLock;
  private Instant pausedAt;
  private List<Object> startArgs;
  private Map<String, Object> startKwargs;

  WorkflowDraft(Workflow base) {
    this.base = base;
    this.storedStatus = base.storedStatus();
    this.updatedAt = base.updatedAt();
    this.resumeLock = base.resumeLock();
    this.pausedAt = base.pausedAt();
    this.startArgs = base.startArgs();
    this.startKwargs = base.startKwargs();
  }

  Step step(int index) {
    Step original = base.step(index);
    return steps == null ? original : steps[index];
  }

  void step(int index, Step step) {
    base.step(index);
    if (steps == null) {
      steps = base.steps().toArray(new Step[0]);
    }
    steps[index] = step;
  }

  void storedStatus(WorkflowStatus status) {
    storedStatus = status;
  }

  void updatedAt(Instant at) {
    updatedAt = at;
  }

  void resumeLock(Instant at) {
    resumeLock = at;
  }

  void pausedAt(Instant at) {
    pausedAt = at;
  }

  void startArguments(List<Object> args, Map<String, Object> kwargs) {
    startArgs = args;
    startKwargs = kwargs;
  }

  Workflow build() {
    return new Workflow(
        base.id(),
        base.name(),
        base.appId(),
        base.description(),
        base.createdAt(),
        updatedAt,
        steps == null ? base.steps() : List.of(steps),
        storedStatus,
        resumeLock,
        pausedAt,
        startArgs,
        startKwargs);
  }
}
