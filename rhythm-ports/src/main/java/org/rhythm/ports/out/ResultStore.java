package org.rhythm.ports.out;

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

/**
 * Where workflows and the records of their tasks are kept. Implementations are thread-safe, and
 * several processes may share one store: every guarantee below holds for concurrent callers. Every
 * method may throw {@link TransientFailureException} when the store cannot be reached; it then
 * changed nothing or made its change completely.
 */
public interface ResultStore {

  /**
   * Stores a new workflow as it is.
   *
   * @throws WorkflowExistsException when a workflow with its id is stored; the stored one is left
   *     unchanged
   */
  void create(Workflow workflow);

  /**
   * The stored workflow with this id, equal to what was created and changed since; empty when there
   * is none.
   */
  Optional<Workflow> find(WorkflowId id);

  /**
   * Applies one transition atomically: if every guard holds against the stored workflow, all its
   * changes are made as one, and no other caller sees a part of them; otherwise nothing changes. Of
   * several callers applying transitions whose guards exclude each other, exactly one succeeds.
   * Never replaces the stored workflow as a whole: fields the transition does not name keep what
   * other writers put there. Transitions name steps by index; the domain decides them from the
   * stored workflow, whose steps never change, so the index always exists.
   *
   * <p>The workflow returned is the stored one just after the change, in the same round trip: what
   * {@link #find} would have returned at that moment, including what other writers had changed
   * before. A caller may decide its next transition on it without reading the workflow again.
   *
   * @return the workflow as changed; empty when a guard failed or no workflow has this id
   */
  Optional<Workflow> apply(WorkflowId id, Transition transition);

  /**
   * The records of these tasks, read in one round trip. Tasks with no record are absent from the
   * result (their state reads as PENDING).
   */
  TaskRecords tasks(Collection<TaskId> ids);

  /**
   * Writes a task's record, replacing the stored one, unless the stored record's state may not move
   * to the new one ({@link org.rhythm.domain.task.TaskState#canMoveTo}): a done state (SUCCESS,
   * FAILURE, REVOKED) is final, so a late progress write never overwrites it. Atomic per task.
   *
   * @return true when written; false when refused, leaving the stored record as it was
   */
  boolean saveTask(TaskRecord record);

  /**
   * One page of the workflows matching the query, ordered by {@code created_at} (newest first
   * unless the query asks otherwise; ties in ascending id order; workflows without {@code
   * created_at} last in both orders), and the total number matching. The status filter applies to
   * the cached {@code _status}; an empty id list matches nothing; a limit of 0 gives an empty page
   * with the total still counted.
   */
  WorkflowPage list(WorkflowQuery query);

  /**
   * How many workflows have each cached status {@code _status}, among those of {@code appId} (all
   * apps when null). Workflows without a cached status are not counted; statuses no workflow has
   * are absent.
   */
  Map<WorkflowStatus, Long> countByStatus(String appId);

  /**
   * The distinct step names that task records carry in {@code kwargs.step}, over every task record
   * of every app, in no particular order, read in one round trip. Records without {@code kwargs},
   * or whose {@code step} is missing or not a string, add nothing.
   */
  Set<String> taskStepNames();

  /** Deletes the workflow; its task records stay. Returns whether a workflow was deleted. */
  boolean delete(WorkflowId id);

  /** Deletes these task records; returns how many there were. */
  long deleteTasks(Collection<TaskId> ids);
}
