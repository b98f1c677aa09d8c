package org.rhythm.app.bench;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.WorkflowPage;
import org.rhythm.ports.out.WorkflowQuery;

/**
 * A result store that counts the calls made to the one it wraps (each call is one store round trip)
 * and notes which workflows it saw succeed, so the bench knows when a run is over without polling
 * the store.
 */
final class CountingResultStore implements ResultStore {
  private static final Change SUCCEEDED = new Change.SetStatus(WorkflowStatus.SUCCESS);

  private final ResultStore store;
  private final LongAdder calls = new LongAdder();
  private final Set<WorkflowId> succeeded = ConcurrentHashMap.newKeySet();

  CountingResultStore(ResultStore store) {
    this.store = store;
  }

  long calls() {
    return calls.sum();
  }

  /** Forgets the calls and the successes counted so far, for the next run on the same store. */
  void reset() {
    calls.reset();
    succeeded.clear();
  }

  /** How many workflows a transition setting their status to SUCCESS was applied to. */
  int succeeded() {
    return succeeded.size();
  }

  @Override
  public void create(Workflow workflow) {
    calls.increment();
    store.create(workflow);
  }

  @Override
  public Optional<Workflow> find(WorkflowId id) {
    calls.increment();
    return store.find(id);
  }

  @Override
  public Optional<Workflow> apply(WorkflowId id, Transition transition) {
    calls.increment();
    Optional<Workflow> applied = store.apply(id, transition);
    if (applied.isPresent() && transition.changes().contains(SUCCEEDED)) {
      succeeded.add(id);
    }
    return applied;
  }

  @Override
  public TaskRecords tasks(Collection<TaskId> ids) {
    calls.increment();
    return store.tasks(ids);
  }

  @Override
  public boolean saveTask(TaskRecord record) {
    calls.increment();
    return store.saveTask(record);
  }

  @Override
  public WorkflowPage list(WorkflowQuery query) {
    calls.increment();
    return store.list(query);
  }

  @Override
  public Map<WorkflowStatus, Long> countByStatus(String appId) {
    calls.increment();
    return store.countByStatus(appId);
  }

  @Override
  public Set<String> taskStepNames() {
    calls.increment();
    return store.taskStepNames();
  }

  @Override
  public boolean delete(WorkflowId id) {
    calls.increment();
    return store.delete(id);
  }

  @Override
  public long deleteTasks(Collection<TaskId> ids) {
    calls.increment();
    return store.deleteTasks(ids);
  }
}
