package org.rhythm.adapter.inmemory;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.WorkflowPage;
import org.rhythm.ports.out.WorkflowQuery;

/** A store that hands every call to another; fakes that inject failures override what they need. */
class ForwardingResultStore implements ResultStore {
  private final ResultStore store;

  ForwardingResultStore(ResultStore store) {
    this.store = store;
  }

  @Override
  public void create(Workflow workflow) {
    store.create(workflow);
  }

  @Override
  public Optional<Workflow> find(WorkflowId id) {
    return store.find(id);
  }

  @Override
  public Optional<Workflow> apply(WorkflowId id, Transition transition) {
    return store.apply(id, transition);
  }

  @Override
  public TaskRecords tasks(Collection<TaskId> ids) {
    return store.tasks(ids);
  }

  @Override
  public boolean saveTask(TaskRecord record) {
    return store.saveTask(record);
  }

  @Override
  public WorkflowPage list(WorkflowQuery query) {
    return store.list(query);
  }

  @Override
  public Map<WorkflowStatus, Long> countByStatus(String appId) {
    return store.countByStatus(appId);
  }

  @Override
  public Set<String> taskStepNames() {
    return store.taskStepNames();
  }

  @Override
  public boolean delete(WorkflowId id) {
    return store.delete(id);
  }

  @Override
  public long deleteTasks(Collection<TaskId> ids) {
    return store.deleteTasks(ids);
  }
}
