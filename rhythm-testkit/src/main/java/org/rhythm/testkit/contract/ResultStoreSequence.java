package org.rhythm.testkit.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.Guard;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.WorkflowExistsException;
import org.rhythm.ports.out.WorkflowQuery;
import org.rhythm.testkit.fixture.Tasks;
import org.rhythm.testkit.fixture.Workflows;

/**
 * A random sequence of store operations drawn from a seed (STYLE.md §7): creates, guarded
 * transitions, task writes and deletes over a few workflow and task ids, so that operations
 * collide. The same seed gives the same sequence; only the ids' common prefix is fresh in every
 * run, so that a run never meets another test's data.
 */
final class ResultStoreSequence {
  private static final int STEPS = 3;
  private static final List<String> NAMES = List.of("test workflow", "other workflow");
  private static final List<TaskState> STATES =
      List.of(
          TaskState.PENDING,
          TaskState.RECEIVED,
          TaskState.STARTED,
          TaskState.RETRY,
          TaskState.SUCCESS,
          TaskState.FAILURE,
          TaskState.REVOKED,
          Tasks.CUSTOM);
  private static final List<WorkflowStatus> STATUSES =
      List.of(
          WorkflowStatus.PENDING,
          WorkflowStatus.STARTED,
          WorkflowStatus.SUCCESS,
          WorkflowStatus.FAILURE,
          WorkflowStatus.REVOKED,
          WorkflowStatus.of("PROGRESS"));

  /** One call on a store; what it returned, or the exception it threw, is its outcome. */
  record Call(String description, Function<ResultStore, Object> call) {
    Object outcome(ResultStore store) {
      try {
        return call.apply(store);
      } catch (WorkflowExistsException e) {
        return WorkflowExistsException.class.getSimpleName();
      } catch (RuntimeException e) {
        return "threw " + e;
      }
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private final long seed;
  private final String run = UUID.randomUUID().toString().substring(24);
  private final Random random;
  private final List<WorkflowId> workflowIds;
  private final List<TaskId> taskIds;
  private final List<String> appIds;
  private final List<Instant> instants;

  ResultStoreSequence(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    this.workflowIds = IntStream.range(0, 4).mapToObj(i -> WorkflowId.of(run + "-w" + i)).toList();
    this.taskIds = IntStream.range(0, 6).mapToObj(i -> TaskId.of(run + "-t" + i)).toList();
    this.appIds = List.of("seq-" + run + "-a", "seq-" + run + "-b");
    this.instants =
        IntStream.range(0, 5).mapToObj(i -> Workflows.CREATED_AT.plusSeconds(i)).toList();
  }

  /**
   * Makes {@code length} random operations on {@code store} and on {@code model}, comparing the
   * outcome of each and then every read of the sequence's data.
   *
   * @return the first difference, with the seed and the operations made so far; empty when there
   *     was none
   */
  Optional<String> firstDifference(ResultStore store, ResultStoreModel model, int length) {
    List<Call> made = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      Call operation = nextOperation(model);
      made.add(operation);
      Optional<String> difference = difference(operation, store, model);
      Iterator<Call> reads = reads().iterator();
      while (difference.isEmpty() && reads.hasNext()) {
        difference = difference(reads.next(), store, model);
      }
      if (difference.isPresent()) {
        return Optional.of(describe(made, difference.get()));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> difference(Call call, ResultStore store, ResultStore model) {
    Object expected = call.outcome(model);
    Object actual = call.outcome(store);
    if (Objects.equals(actual, expected)) {
      return Optional.empty();
    }
    return Optional.of(call + "\n  gave      " + actual + "\n  the model " + expected);
  }

  private String describe(List<Call> made, String difference) {
    StringBuilder text =
        new StringBuilder("seed ").append(seed).append(" (ids ").append(run).append("-*)");
    text.append(", after ").append(made.size()).append(" operations:\n");
    for (int i = 0; i < made.size(); i++) {
      text.append(String.format("%4d. %s%n", i + 1, made.get(i)));
    }
    return text.append("the read ").append(difference).toString();
  }

  // ---- operations ----

  private Call nextOperation(ResultStoreModel model) {
    int roll = random.nextInt(100);
    if (roll < 15) {
      return create();
    }
    if (roll < 55) {
      return apply(model);
    }
    if (roll < 80) {
      return saveTask();
    }
    if (roll < 90) {
      return delete();
    }
    return deleteTasks();
  }

  private Call create() {
    WorkflowSpec spec =
        new WorkflowSpec(pick(NAMES), pick(appIds), null, Workflows.spec(STEPS).steps());
    Workflow workflow =
        Workflow.create(pick(workflowIds), spec, Workflows.DEFAULT_QUEUE, pick(instants));
    for (int changes = random.nextInt(3); changes > 0; changes--) {
      workflow = change().applyTo(workflow);
    }
    if (random.nextInt(5) == 0) {
      workflow = Workflows.withStoredStatus(workflow, null);
    }
    Workflow created = workflow;
    return new Call(
        "create(" + created + ")",
        store -> {
          store.create(created);
          return "created";
        });
  }

  private Call apply(ResultStoreModel model) {
    WorkflowId id = pick(workflowIds);
    Optional<Workflow> current = model.find(id);
    List<Guard> guards = new ArrayList<>();
    for (int count = random.nextInt(3); count > 0; count--) {
      guards.add(guard(current));
    }
    List<Change> changes = new ArrayList<>();
    for (int count = 1 + random.nextInt(3); count > 0; count--) {
      changes.add(change());
    }
    Transition transition = new Transition(guards, changes);
    return new Call("apply(" + id + ", " + transition + ")", store -> store.apply(id, transition));
  }

  private Call saveTask() {
    TaskId id = pick(taskIds);
    TaskState state = pick(STATES);
    TaskRecord record =
        state.equals(TaskState.STARTED)
            ? Tasks.progress(id, random.nextInt(100))
            : Tasks.inState(id, state);
    return new Call("saveTask(" + record + ")", store -> store.saveTask(record));
  }

  private Call delete() {
    WorkflowId id = pick(workflowIds);
    return new Call("delete(" + id + ")", store -> store.delete(id));
  }

  private Call deleteTasks() {
    List<TaskId> ids = subset(taskIds);
    return new Call("deleteTasks(" + ids + ")", store -> store.deleteTasks(ids));
  }

  private List<Call> reads() {
    List<Call> reads = new ArrayList<>();
    for (WorkflowId id : workflowIds) {
      reads.add(new Call("find(" + id + ")", store -> store.find(id)));
    }
    reads.add(new Call("tasks(" + taskIds + ")", store -> store.tasks(taskIds)));
    WorkflowQuery query = query();
    reads.add(new Call("list(" + query + ")", store -> store.list(query)));
    String appId = pick(appIds);
    reads.add(new Call("countByStatus(" + appId + ")", store -> store.countByStatus(appId)));
    return reads;
  }

  // ---- values ----

  private Guard guard(Optional<Workflow> current) {
    int step = random.nextInt(STEPS);
    List<Supplier<Guard>> kinds =
        List.of(
            Guard.NotPaused::new,
            Guard.Paused::new,
            () -> new Guard.DispatchUnchanged(step, expectedDispatch(current, step)),
            () -> new Guard.NoRun(step, pick(taskIds)),
            () -> new Guard.NoRuns(step),
            () -> new Guard.ResumeLockFree(pick(instants)),
            () -> new Guard.ResumeLockStale(pick(instants)),
            () -> new Guard.DispatchAbsentOr(step, pick(taskIds)));
    return pick(kinds).get();
  }

  /** The stored dispatch, none or another, so that the guard holds about as often as it fails. */
  private Dispatch expectedDispatch(Optional<Workflow> current, int step) {
    int choice = random.nextInt(3);
    if (choice == 0) {
      return current.map(workflow -> workflow.step(step).dispatch()).orElse(null);
    }
    return choice == 1 ? null : dispatch();
  }

  private Change change() {
    int step = random.nextInt(STEPS);
    List<Supplier<Change>> kinds =
        List.of(
            () -> new Change.AppendTaskRun(step, new TaskRun(pick(taskIds), pick(instants))),
            () -> new Change.SetDispatch(step, dispatch()),
            () ->
                new Change.SetHeartbeat(
                    step, new Heartbeat(pick(taskIds), pick(instants), random.nextBoolean())),
            () -> new Change.SetStatus(pick(STATUSES)),
            () -> new Change.SetResumeLock(instantOrNull()),
            () -> new Change.SetPausedAt(instantOrNull()),
            () ->
                new Change.SetStartArguments(
                    List.of(random.nextInt(10)), Map.of("n", random.nextInt(10))),
            () -> new Change.SetUpdatedAt(pick(instants)));
    return pick(kinds).get();
  }

  private Dispatch dispatch() {
    TaskId taskId = pick(taskIds);
    return new Dispatch(
        taskId,
        List.of("arg" + random.nextInt(3)),
        Map.of(),
        TaskPriority.clamped(random.nextInt(10)),
        pick(instants),
        pick(List.of(Dispatch.START, Dispatch.RESUME, Dispatch.advancedBy(taskId))),
        random.nextBoolean());
  }

  private WorkflowQuery query() {
    Set<WorkflowStatus> statuses = random.nextBoolean() ? Set.of() : Set.copyOf(subset(STATUSES));
    List<WorkflowId> ids = random.nextInt(4) == 0 ? subset(workflowIds) : null;
    String name = random.nextInt(4) == 0 ? pick(NAMES) : null;
    return new WorkflowQuery(
        pick(appIds),
        statuses,
        ids,
        name,
        random.nextInt(3),
        1 + random.nextInt(5),
        random.nextBoolean());
  }

  private Instant instantOrNull() {
    return random.nextInt(3) == 0 ? null : pick(instants);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private <T> List<T> subset(List<T> values) {
    return values.stream().filter(value -> random.nextInt(3) == 0).toList();
  }
}
