package org.rhythm.adapter.inmemory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.rhythm.adapter.inmemory.EngineOp.Kind;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowSpec;

/**
 * One case of the engine properties: a workflow of 1–6 steps and up to 60 operations, drawn from a
 * seed or written out; {@code origin} says which, to reproduce it.
 */
record EngineCase(String origin, List<StepSpec> steps, List<EngineOp> ops) {
  static final int MAX_OPS = 60;

  /**
   * Relative weights of the operations after the first; the first is a start three times out of
   * four.
   */
  private static final Map<Kind, Integer> WEIGHTS = new LinkedHashMap<>();

  static {
    WEIGHTS.put(Kind.START, 3);
    WEIGHTS.put(Kind.DELIVER, 40);
    WEIGHTS.put(Kind.DELIVER_REVOKED, 8);
    WEIGHTS.put(Kind.FINISH_RUNNING, 6);
    WEIGHTS.put(Kind.REDELIVER_SUCCESS, 6);
    WEIGHTS.put(Kind.STALE_PROGRESS, 5);
    WEIGHTS.put(Kind.PAUSE, 9);
    WEIGHTS.put(Kind.RESUME, 7);
    WEIGHTS.put(Kind.RESUME_FORCE, 5);
    WEIGHTS.put(Kind.RESUME_WITH_ARGS, 4);
  }

  EngineCase {
    steps = List.copyOf(steps);
    ops = List.copyOf(ops);
  }

  static EngineCase generate(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int stepCount = 1 + random.nextInt(6);
    List<StepSpec> steps = new ArrayList<>();
    for (int i = 0; i < stepCount; i++) {
      StepSpec step = StepSpec.of("step " + (i + 1), "task_" + (char) ('a' + i));
      if (random.nextInt(3) == 0) {
        step = step.withPriority(random.nextInt(10));
      }
      if (random.nextInt(3) == 0) {
        // Reserved keys in a step's kwargs must lose to the service's own (DESIGN.md §3.2).
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("level", (long) i);
        kwargs.put("bucket", "step default");
        kwargs.put("app_id", "spoofed");
        step = step.withKwargs(kwargs);
      }
      steps.add(step);
    }
    int length = random.nextInt(MAX_OPS + 1);
    List<EngineOp> ops = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      Kind kind = i == 0 && random.nextInt(4) != 0 ? Kind.START : pick(random);
      ops.add(
          new EngineOp(
              kind,
              random.nextInt(1 << 16),
              outcome(random),
              random.nextInt(1000),
              random.nextInt(10) == 0 ? 660 : 1 + random.nextInt(30)));
    }
    return new EngineCase("seed " + seed + "L (add it to FIXED_SEEDS)", steps, ops);
  }

  WorkflowSpec spec() {
    return new WorkflowSpec("engine case", "engine-app", null, steps);
  }

  EngineCase withOps(List<EngineOp> fewer) {
    return new EngineCase(origin, steps, fewer);
  }

  String describeSteps() {
    List<String> described = new ArrayList<>();
    for (StepSpec step : steps) {
      described.add(
          "'"
              + step.name()
              + "' "
              + step.task()
              + (step.priority() == null ? "" : " priority " + step.priority())
              + (step.kwargs() == null ? "" : " kwargs " + step.kwargs()));
    }
    return described.toString();
  }

  private static Kind pick(SplittableRandom random) {
    int total = WEIGHTS.values().stream().mapToInt(Integer::intValue).sum();
    int roll = random.nextInt(total);
    for (Map.Entry<Kind, Integer> entry : WEIGHTS.entrySet()) {
      roll -= entry.getValue();
      if (roll < 0) {
        return entry.getKey();
      }
    }
    throw new AssertionError("unreachable");
  }

  /** Progress 20 %, success 45 %, failure 15 %, retry then success 10 %, retry later 10 %. */
  private static int outcome(SplittableRandom random) {
    int roll = random.nextInt(20);
    if (roll < 4) {
      return EngineOp.Outcome.PROGRESS.ordinal();
    }
    if (roll < 13) {
      return EngineOp.Outcome.SUCCEED.ordinal();
    }
    if (roll < 16) {
      return EngineOp.Outcome.FAIL.ordinal();
    }
    return roll < 18
        ? EngineOp.Outcome.RETRY_THEN_SUCCEED.ordinal()
        : EngineOp.Outcome.RETRY_LATER.ordinal();
  }
}
