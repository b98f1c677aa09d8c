package org.rhythm.adapter.inmemory;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
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
 * A {@link ResultStore} in this process's memory: the embedded default, and the reference the other
 * stores are compared with. Workflows are immutable values in a concurrent map; a transition
 * replaces one atomically under that workflow's entry lock, so callers on different workflows never
 * wait for each other. Lists and counts scan every workflow. Never throws {@link
 * org.rhythm.ports.out.TransientFailureException}.
 */
public final class InMemoryResultStore implements ResultStore {
  private static final Comparator<Workflow> OLDEST_FIRST =
      Comparator.comparing(
              Workflow::createdAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(workflow -> workflow.id().value());
  private static final Comparator<Workflow> NEWEST_FIRST =
      Comparator.comparing(
              Workflow::createdAt, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
          .thenComparing(workflow -> workflow.id().value());

  private final ConcurrentHashMap<WorkflowId, Workflow> workflows = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TaskId, TaskRecord> tasks = new ConcurrentHashMap<>();

  @Override
  public void create(Workflow workflow) {
    requireNonNull(workflow, "workflow");
    if (workflows.putIfAbsent(workflow.id(), workflow) != null) {
      throw new WorkflowExistsException(workflow.id());
    }
  }

  @Override
  public Optional<Workflow> find(WorkflowId id) {
    return Optional.ofNullable(workflows.get(requireNonNull(id, "id")));
  }

  @Override
  public Optional<Workflow> apply(WorkflowId id, Transition transition) {
    requireNonNull(id, "id");
    requireNonNull(transition, "transition");
    // Optimistic: the transition is decided against the stored value and installed only if that
    // value is
    // still the stored one; a concurrent change makes it try again on the new value.
    while (true) {
      Workflow stored = workflows.get(id);
      if (stored == null) {
        return Optional.empty();
      }
      Optional<Workflow> next = transition.applyTo(stored);
      if (next.isEmpty() || workflows.replace(id, stored, next.get())) {
        return next;
      }
    }
  }

  @Override
  public TaskRecords tasks(Collection<TaskId> ids) {
    List<TaskRecord> found = new ArrayList<>(ids.size());
    for (TaskId id : ids) {
      TaskRecord record = tasks.get(id);
      if (record != null) {
        found.add(record);
      }
    }
    return TaskRecords.of(found);
  }

  @Override
  public boolean saveTask(TaskRecord record) {
    requireNonNull(record, "record");
    while (true) {
      TaskRecord stored = tasks.get(record.taskId());
      if (stored == null) {
        if (tasks.putIfAbsent(record.taskId(), record) == null) {
          return true;
        }
      } else if (!stored.state().canMoveTo(record.state())) {
        return false;
      } else if (tasks.replace(record.taskId(), stored, record)) {
        return true;
      }
    }
  }

  @Override
  public WorkflowPage list(WorkflowQuery query) {
    requireNonNull(query, "query");
    List<Workflow> matching =
        candidates(query)
            .filter(matches(query))
            .sorted(query.oldestFirst() ? OLDEST_FIRST : NEWEST_FIRST)
            .toList();
    List<Workflow> page = matching.stream().skip(query.skip()).limit(query.limit()).toList();
    return new WorkflowPage(matching.size(), page);
  }

  @Override
  public Map<WorkflowStatus, Long> countByStatus(String appId) {
    Map<WorkflowStatus, Long> counts = new HashMap<>();
    for (Workflow workflow : workflows.values()) {
      if (workflow.storedStatus() != null && (appId == null || appId.equals(workflow.appId()))) {
        counts.merge(workflow.storedStatus(), 1L, Long::sum);
      }
    }
    return Map.copyOf(counts);
  }

  @Override
  public Set<String> taskStepNames() {
    Set<String> names = new HashSet<>();
    for (TaskRecord record : tasks.values()) {
      if (record.kwargs() != null && record.kwargs().get("step") instanceof String step) {
        names.add(step);
      }
    }
    return Set.copyOf(names);
  }

  @Override
  public boolean delete(WorkflowId id) {
    return workflows.remove(requireNonNull(id, "id")) != null;
  }

  @Override
  public long deleteTasks(Collection<TaskId> ids) {
    return new HashSet<>(ids).stream().filter(id -> tasks.remove(id) != null).count();
  }

  /** The workflows a query may match: those it names by id, else every one. */
  private Stream<Workflow> candidates(WorkflowQuery query) {
    if (query.ids() == null) {
      return workflows.values().stream();
    }
    return query.ids().stream().distinct().map(workflows::get).filter(Objects::nonNull);
  }

  private static Predicate<Workflow> matches(WorkflowQuery query) {
    return workflow ->
        (query.appId() == null || query.appId().equals(workflow.appId()))
            && (query.statuses().isEmpty()
                || workflow.storedStatus() != null
                    && query.statuses().contains(workflow.storedStatus()))
            && (query.name() == null || query.name().equals(workflow.name()));
  }
}
