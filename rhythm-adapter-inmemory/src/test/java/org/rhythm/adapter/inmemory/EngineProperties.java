package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rhythm.adapter.inmemory.EngineOp.Kind;
import org.rhythm.adapter.inmemory.EngineOp.Outcome;
import org.rhythm.domain.workflow.StepSpec;

/**
 * Model-based properties of the whole engine (DESIGN.md §2.1, §3, §4): the real {@code
 * WorkflowService} on an {@link InMemoryResultStore}, driven through random interleavings of start,
 * deliveries and redeliveries of any published message (progress, success, failure, retries),
 * revoked deliveries, late ends of running tasks, duplicated successes, stale progress, pause and
 * the three kinds of resume. Single-threaded and deterministic: a fake broker records what is
 * published and revoked, the test plays the workers, ids come from a counter and time from a {@code
 * MutableClock}, so a seed replays exactly. See {@link EngineRun} for what each operation checks
 * and {@link EngineInvariants} for what holds between operations; every case ends by driving the
 * workflow to SUCCESS.
 *
 * <p>A failure prints the seed, the workflow and the operations of the case, shrunk to a minimal
 * sequence that still fails the same way, as they resolved. Any seed that ever failed goes into
 * {@link #FIXED_SEEDS} (STYLE.md §7).
 */
class EngineProperties {
  /**
   * Seeds run on every build: a few arbitrary ones and every seed that failed with the present
   * generator (STYLE.md §7). The four long ones fail through the open superseded-success bug of
   * {@link #pastFailures()}. The last three failed through two services only: a start decided on a
   * snapshot that still showed a pause cleared since wrote a wrong {@code _status}. Seeds that
   * failed with earlier generators are kept as written-out cases there.
   */
  private static final long[] FIXED_SEEDS = {
    0L,
    1L,
    2L,
    3L,
    7L,
    42L,
    -5L,
    1234L,
    20_240_101L,
    -4_888_618_091_419_838_777L,
    -2_789_113_101_697_176_089L,
    8_545_796_279_184_793_156L,
    -7_180_694_474_561_493_498L,
    -7_433_426_754_104_713_067L,
    -3_384_599_655_011_557_060L,
    8_360_780_110_836_693_119L,
    -8_378_690_731_504_962_031L,
    8_129_923_837_254_343_078L
  };

  private static final int RANDOM_CASES = 300;

  @Test
  void fixedSeedsKeepEveryInvariant() {
    checkAll(Arrays.stream(FIXED_SEEDS).mapToObj(EngineCase::generate).toList());
  }

  @Test
  void randomInterleavingsKeepEveryInvariant() {
    SplittableRandom seeds = new SplittableRandom();
    List<EngineCase> cases = new ArrayList<>();
    for (int i = 0; i < RANDOM_CASES; i++) {
      cases.add(EngineCase.generate(seeds.nextLong()));
    }
    checkAll(cases);
  }

  @Test
  void pastFailuresStayFixed() {
    checkAll(pastFailures());
  }

  /**
   * The same properties through two services taking turns call by call: each decides on its own,
   * often stale, snapshot of the workflow, which must change nothing that is observed.
   */
  @Test
  void interleavingsThroughTwoServicesKeepEveryInvariant() {
    SplittableRandom seeds = new SplittableRandom();
    List<EngineCase> cases = new ArrayList<>();
    Arrays.stream(FIXED_SEEDS).mapToObj(EngineCase::generate).forEach(cases::add);
    cases.addAll(pastFailures());
    for (int i = 0; i < RANDOM_CASES / 2; i++) {
      cases.add(EngineCase.generate(seeds.nextLong()));
    }
    checkAll(cases, 2);
  }

  /**
   * The shrunk cases of past failures, written out so that they survive changes to the generator.
   * Choice 0 picks the first unfinished message (t1), choice 2 the second.
   */
  private static List<EngineCase> pastFailures() {
    List<StepSpec> two = List.of(StepSpec.of("step 1", "task_a"), StepSpec.of("step 2", "task_b"));
    EngineOp start = op(Kind.START, 0, 1);
    EngineOp runWithProgress = op(Kind.DELIVER, 0, Outcome.PROGRESS.ordinal());
    EngineOp forceResume = op(Kind.RESUME_FORCE, 0, 0);
    EngineOp lateSuccessOfT1 = op(Kind.FINISH_RUNNING, 0, 0);
    return List.of(
        // starting() ran a retry of a task revoked by a pause: an existing run was admitted without
        // its guards.
        new EngineCase(
            "past failure: a retry admitted while paused",
            two,
            List.of(
                start,
                op(Kind.DELIVER, 0, Outcome.RETRY_LATER.ordinal()),
                op(Kind.PAUSE, 0, 0),
                op(Kind.DELIVER, 2, Outcome.SUCCEED.ordinal()))),
        // starting() ran a redelivery of a task superseded by a forced resume.
        new EngineCase(
            "past failure: a superseded redelivery admitted",
            two,
            List.of(
                start,
                runWithProgress,
                forceResume,
                op(Kind.DELIVER, 0, Outcome.SUCCEED.ordinal()))),
        // A late success of a superseded task of the last step left _status STARTED while §3.5 says
        // SUCCESS.
        new EngineCase(
            "past failure: _status left behind by a superseded success",
            List.of(StepSpec.of("step 1", "task_a")),
            List.of(start, runWithProgress, forceResume, lateSuccessOfT1)),
        // OPEN BUG: the late success of t1, superseded by t2 that has not started, makes step 1
        // SUCCESS (t1 is its last run), so step 2 becomes the pending step while t2 is still live:
        // a pause does not revoke t2 (§3.6)...
        new EngineCase(
            "open bug: pause after a superseded success",
            two,
            List.of(start, runWithProgress, forceResume, lateSuccessOfT1, op(Kind.PAUSE, 0, 0))),
        // ...and a forced resume sends step 2 while t2 (step 1) is live: two live tasks (§3.7).
        new EngineCase(
            "open bug: forced resume after a superseded success",
            two,
            List.of(start, runWithProgress, forceResume, lateSuccessOfT1, forceResume)));
  }

  private static EngineOp op(Kind kind, int choice, int outcome) {
    return new EngineOp(kind, choice, outcome, 100 + choice, 10);
  }

  /** Runs every case; fails with the report of each failing one, shrunk. */
  private static void checkAll(List<EngineCase> cases) {
    checkAll(cases, 1);
  }

  /** Runs every case through {@code services} services taking turns. */
  private static void checkAll(List<EngineCase> cases, int services) {
    List<String> reports = new ArrayList<>();
    Throwable first = null;
    for (EngineCase generated : cases) {
      Optional<EngineRun.Failure> failure = EngineRun.failureOf(generated, services);
      if (failure.isPresent()) {
        String signature = signature(failure.get().error());
        EngineCase shrunk = shrink(generated, signature, services);
        EngineRun.Failure minimal = EngineRun.failureOf(shrunk, services).orElse(failure.get());
        reports.add(report(generated, shrunk, minimal, services));
        first = first == null ? minimal.error() : first;
      }
    }
    if (!reports.isEmpty()) {
      fail(
          reports.size()
              + " of "
              + cases.size()
              + " cases failed\n\n"
              + String.join("\n\n", reports),
          first);
    }
  }

  /**
   * Removes operations, chunks first then one at a time, while the case still fails with the same
   * signature. Operations pick their targets modulo what exists, so any sub-sequence is a valid
   * case.
   */
  private static EngineCase shrink(EngineCase failing, String signature, int services) {
    List<EngineOp> ops = new ArrayList<>(failing.ops());
    for (int chunk = Math.max(1, ops.size() / 2); chunk >= 1; chunk /= 2) {
      boolean removed = true;
      while (removed) {
        removed = false;
        for (int from = 0; from + chunk <= ops.size(); from++) {
          List<EngineOp> fewer = new ArrayList<>(ops.subList(0, from));
          fewer.addAll(ops.subList(from + chunk, ops.size()));
          if (failsAlike(failing.withOps(fewer), signature, services)) {
            ops = fewer;
            removed = true;
            break;
          }
        }
      }
    }
    return failing.withOps(ops);
  }

  private static boolean failsAlike(EngineCase candidate, String signature, int services) {
    return EngineRun.failureOf(candidate, services)
        .map(failure -> signature(failure.error()).equals(signature))
        .orElse(false);
  }

  /**
   * The kind of a failure: the error's class and the first line of its message, ids and numbers
   * left out.
   */
  private static String signature(Throwable error) {
    String message = String.valueOf(error.getMessage()).lines().findFirst().orElse("");
    return error.getClass().getName()
        + ": "
        + message.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>").replaceAll("\\d+", "#");
  }

  private static String report(
      EngineCase generated, EngineCase shrunk, EngineRun.Failure failure, int services) {
    StringBuilder text = new StringBuilder();
    text.append("engine property failed for ")
        .append(generated.origin())
        .append(services == 1 ? "" : " through " + services + " services taking turns")
        .append("\nworkflow: ")
        .append(generated.describeSteps())
        .append("\nshrunk from ")
        .append(generated.ops().size())
        .append(" to ")
        .append(shrunk.ops().size())
        .append(" operations: ")
        .append(shrunk.ops())
        .append("\napplied:\n");
    failure.log().forEach(line -> text.append("  ").append(line).append('\n'));
    text.append("failure: ").append(failure.error());
    return text.toString();
  }
}
