package org.rhythm.testkit.contract;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.WorkflowExistsException;
import org.rhythm.ports.out.WorkflowPage;
import org.rhythm.ports.out.WorkflowQuery;

/**
 * The reference model of a {@link ResultStore}: two plain {@link HashMap}s changed only through the
 * domain ({@link Transition#applyTo}, {@link org.rhythm.domain.task.TaskState#canMoveTo}). What the
 * contract's sequence test compares a store with. Not thread-safe, and it ignores the store's other
 * data: queries must name an app.
 */
final class ResultStoreModel implements ResultStore {
  private final Map<WorkflowId, Workflow> workflows = new HashMap<>();
  private final Map<TaskId, TaskRecord> tasks = new HashMap<>();

  @Override
  public void create(Workflow workflow) {
    if (workflows.putIfAbsent(workflow.id(), workflow) != null) {
      throw new WorkflowExistsException(workflow.id());
    }
  }

  @Override
  public Optional<Workflow> find(WorkflowId id) {
    return Optional.ofNullable(workflows.get(id));
  }

  @Override
  public Optional<Workflow> apply(WorkflowId id, Transition transition) {
    Optional<Workflow> next = find(id).flatMap(transition::applyTo);
    next.ifPresent(workflow -> workflows.put(id, workflow));
    return next;
  }

  @Override
  public TaskRecords tasks(Collection<TaskId> ids) {
    return TaskRecords.of(ids.stream().map(tasks::get).filter(Objects::nonNull).toList());
  }

  @Override
  public boolean saveTask(TaskRecord record) {
    TaskRecord stored = tasks.get(record.taskId());
    if (stored != null && !stored.state().canMoveTo(record.state())) {
      return false;
    }
    tasks.put(record.taskId(), record);
    return true;
  }

  @Override
  public WorkflowPage list(WorkflowQuery query) {
    Comparator<Instant> byTime =
        query.oldestFirst() ? Comparator.naturalOrder() : Comparator.reverseOrder();
    List<Workflow> matching =
        workflows.values().stream()
            .filter(w -> Objects.equals(w.appId(), Objects.requireNonNull(query.appId(), "appId")))
            .filter(w -> query.statuses().isEmpty() || hasStatusIn(w, query))
            .filter(w -> query.ids() == null || query.ids().contains(w.id()))
            .filter(w -> query.name() == null || query.name().equals(w.name()))
            .sorted(
                Comparator.comparing(Workflow::createdAt, Comparator.nullsLast(byTime))
                    .thenComparing(w -> w.id().value()))
            .toList();
    List<Workflow> page = matching.stream().skip(query.skip()).limit(query.limit()).toList();
    return new WorkflowPage(matching.size(), page);
  }

  private static boolean hasStatusIn(Workflow workflow, WorkflowQuery query) {
    return workflow.storedStatus() != null && query.statuses().contains(workflow.storedStatus());
  }

  @Override
  public Map<WorkflowStatus, Long> countByStatus(String appId) {
    Map<WorkflowStatus, Long> counts = new TreeMap<>(Comparator.comparing(WorkflowStatus::name));
    workflows.values().stream()
        .filter(w -> Objects.equals(w.appId(), Objects.requireNonNull(appId, "appId")))
        .filter(w -> w.storedStatus() != null)
        .forEach(w -> counts.merge(w.storedStatus(), 1L, Long::sum));
    return counts;
  }

  @Override
  public Set<String> taskStepNames() {
    Set<String> names = new TreeSet<>();
    tasks.values().stream()
        .filter(record -> record.kwargs() != null)
        .map(record -> record.kwargs().get("step"))
        .filter(String.class::isInstance)
        .forEach(step -> names.add((String) step));
    return names;
  }

  @Override
  public boolean delete(WorkflowId id) {
    return workflows.remove(id) != null;
  }

  @Override
  public long deleteTasks(Collection<TaskId> ids) {
    return ids.stream().distinct().filter(id -> tasks.remove(id) != null).count();
  }
}
