package org.rhythm.domain.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;

/**
 * The derived status, pending step and steps done of DESIGN.md §3.5 (and rhythm-api-contract §1.3),
 * checked against a reference model written here from the text alone: every list of 1–4 step
 * states, paused or not, and random longer lists.
 */
class StatusProperties {
  private static final Instant AT = Instant.parse("2024-01-05T14:03:22.123Z");

  /** What is known of a step's last run. */
  enum Last {
    NO_RUN(null),
    RUN_WITHOUT_RECORD(null),
    RECORDED_PENDING("PENDING"),
    RECEIVED("RECEIVED"),
    STARTED("STARTED"),
    RETRY("RETRY"),
    SUCCESS("SUCCESS"),
    FAILURE("FAILURE"),
    REVOKED("REVOKED"),
    PROGRESS("PROGRESS");

    /** The state a worker recorded for the run, null when there is no record. */
    final String recorded;

    Last(String recorded) {
      this.recorded = recorded;
    }
  }

  /** The step states DESIGN.md §3.5 distinguishes, enumerated exhaustively. */
  private static final List<Last> ENUMERATED =
      List.of(
          Last.NO_RUN,
          Last.RUN_WITHOUT_RECORD,
          Last.STARTED,
          Last.RETRY,
          Last.SUCCESS,
          Last.FAILURE,
          Last.REVOKED,
          Last.PROGRESS);

  /**
   * One step: its last run and, when {@code earlier} is not {@link Last#NO_RUN}, a run before it,
   * which the status must ignore.
   */
  record StepCase(Last last, Last earlier) {
    @Override
    public String toString() {
      return earlier == Last.NO_RUN || last == Last.NO_RUN
          ? last.name()
          : last + "(after " + earlier + ")";
    }
  }

  /** What the model and the domain derive. */
  record Derived(String status, OptionalInt pendingStep, int stepsDone) {}

  // ---- the reference model ----------------------------------------------------------------------

  /** DESIGN.md §3.5, from the text. */
  static Derived expected(List<StepCase> steps, boolean paused) {
    int pending = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (!stepStatus(steps.get(i)).equals("SUCCESS")) {
        pending = i;
        break;
      }
    }
    if (pending < 0) {
      return new Derived("SUCCESS", OptionalInt.empty(), steps.size());
    }
    String state = stepStatus(steps.get(pending));
    String status;
    if (paused && !state.equals("FAILURE")) {
      status = "REVOKED";
    } else if (pending == 0 && state.equals("PENDING")) {
      status = "PENDING";
    } else if (Set.of("STARTED", "RETRY", "PENDING").contains(state)) {
      status = "STARTED";
    } else {
      status = state;
    }
    return new Derived(status, OptionalInt.of(pending), pending);
  }

  /** The task state of the step's last run; PENDING with no run or no task record. */
  private static String stepStatus(StepCase step) {
    if (step.last() == Last.NO_RUN || step.last() == Last.RUN_WITHOUT_RECORD) {
      return "PENDING";
    }
    return step.last().recorded;
  }

  // ---- the domain -------------------------------------------------------------------------------

  /** Unstarted workflows by their number of steps. */
  private static final Map<Integer, Workflow> CREATED = new ConcurrentHashMap<>();

  private static Workflow created(int size) {
    return CREATED.computeIfAbsent(
        size,
        n -> {
          List<StepSpec> specs = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            specs.add(StepSpec.of("step " + (i + 1), "task_" + (i + 1)));
          }
          return Workflow.create(
              WorkflowId.of("wf"), new WorkflowSpec("status", "app", null, specs), "q", AT);
        });
  }

  /**
   * What the domain derives for a workflow with these steps: created from a spec, then given the
   * runs and the pause a store would hold.
   */
  static Derived actual(List<StepCase> steps, boolean paused) {
    Workflow created = created(steps.size());
    List<Step> withRuns = new ArrayList<>();
    List<TaskRecord> records = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      StepCase step = steps.get(i);
      List<TaskRun> runs = new ArrayList<>();
      if (step.last() != Last.NO_RUN) {
        if (step.earlier() != Last.NO_RUN) {
          runs.add(run(records, i, "t" + i + "-earlier", step.earlier()));
        }
        runs.add(run(records, i, "t" + i + "-last", step.last()));
      }
      Step defined = created.step(i);
      withRuns.add(
          new Step(
              defined.name(),
              defined.task(),
              defined.queue(),
              defined.priority(),
              defined.kwargs(),
              runs,
              null,
              null));
    }
    Workflow workflow =
        new Workflow(
            created.id(),
            created.name(),
            created.appId(),
            created.description(),
            created.createdAt(),
            null,
            withRuns,
            created.storedStatus(),
            null,
            paused ? AT : null,
            null,
            null);
    TaskRecords observed = TaskRecords.of(records);
    return new Derived(
        workflow.status(observed).name(),
        workflow.pendingStep(observed),
        workflow.stepsDone(observed));
  }

  /** A run of step {@code step} and, unless {@code state} says there is none, its task record. */
  private static TaskRun run(List<TaskRecord> records, int step, String taskId, Last state) {
    TaskId id = TaskId.of(taskId);
    if (state.recorded != null) {
      TaskState recorded = TaskState.of(state.recorded);
      records.add(
          new TaskRecord(
              id,
              recorded,
              List.of(step),
              null,
              recorded.isDone() ? AT : null,
              null,
              "task_" + (step + 1),
              List.of(step),
              null,
              null,
              null,
              null));
    }
    return new TaskRun(id, AT);
  }

  // ---- the properties ---------------------------------------------------------------------------

  @Test
  void everyListOfOneToFourStepsDerivesWhatTheRulesSay() {
    List<List<Last>> lists = new ArrayList<>();
    for (int size = 1; size <= 4; size++) {
      enumerate(size, new ArrayList<>(), lists);
    }
    List<String> mismatches = new ArrayList<>();

    for (List<Last> lasts : lists) {
      for (boolean withEarlierRuns : List.of(false, true)) {
        List<StepCase> steps = lasts.stream().map(last -> step(last, withEarlierRuns)).toList();
        for (boolean paused : List.of(false, true)) {
          Derived expected = expected(steps, paused);
          Derived actual = actual(steps, paused);
          if (!expected.equals(actual)) {
            mismatches.add(
                steps + (paused ? " paused" : "") + ": expected " + expected + ", got " + actual);
          }
        }
      }
    }

    assertThat(lists).hasSize(8 + 64 + 512 + 4096);
    assertThat(mismatches).isEmpty();
  }

  /** Every list of {@code size} steps from {@link #ENUMERATED}. */
  private static void enumerate(int size, List<Last> prefix, List<List<Last>> into) {
    if (prefix.size() == size) {
      into.add(List.copyOf(prefix));
      return;
    }
    for (Last last : ENUMERATED) {
      prefix.add(last);
      enumerate(size, prefix, into);
      prefix.remove(prefix.size() - 1);
    }
  }

  /** A step whose last run is {@code last}, after an earlier run in another state if asked. */
  private static StepCase step(Last last, boolean withEarlierRun) {
    if (!withEarlierRun) {
      return new StepCase(last, Last.NO_RUN);
    }
    return new StepCase(last, last == Last.SUCCESS ? Last.FAILURE : Last.SUCCESS);
  }

  @Test
  void longerWorkflowsDeriveWhatTheRulesSay() {
    Gen<StepCase> step =
        arbitrary().enumValues(Last.class).zip(arbitrary().enumValues(Last.class), StepCase::new);
    Gen<List<StepCase>> steps = lists().of(step).ofSizeBetween(5, 60);
    Gen<Integer> succeededFirst = integers().between(0, 60);

    qt().forAll(steps, succeededFirst, booleans().all())
        .checkAssert(
            (generated, succeeded, paused) -> {
              List<StepCase> workflow = succeedFirst(generated, succeeded);
              assertThat(actual(workflow, paused))
                  .as("steps %s%s", workflow, paused ? ", paused" : "")
                  .isEqualTo(expected(workflow, paused));
            });
  }

  /**
   * The steps with the first {@code count} of them succeeded, so that later steps get to be the
   * pending one.
   */
  private static List<StepCase> succeedFirst(List<StepCase> steps, int count) {
    List<StepCase> result = new ArrayList<>(steps);
    for (int i = 0; i < Math.min(count, steps.size()); i++) {
      result.set(i, new StepCase(Last.SUCCESS, steps.get(i).earlier()));
    }
    return result;
  }
}
