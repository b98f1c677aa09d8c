package org.rhythm.app.metrics;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.rhythm.domain.task.TaskState;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.out.TaskMessage;

/**
 * The meters of tasks as this process sees them: {@code rhythm.dispatch.latency{queue}} from the
 * publication of a task message to a worker starting it, {@code
 * rhythm.step.duration{task,queue,outcome}} from that start to the reported outcome, {@code
 * rhythm.transitions{state}} for every task state reported, and {@code
 * rhythm.task.failures{task,queue}} for tasks that failed for good. Tags name tasks and queues,
 * never ids. Thread-safe and lock-free once a tag combination has its meter: the task path costs a
 * map read, a clock read and an atomic write.
 */
public final class TaskMeters {
  /** How many task names the meters tell apart; meters of further names are dropped. */
  static final int MAX_TASK_NAMES = 500;

  /** How many dispatches and runs can be in flight at once and still be timed. */
  private static final int SLOTS = 1 << 12;

  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;

  /** From a message picked at once to one that waited for a busy queue. */
  private static final Duration[] LATENCY_BUCKETS =
      buckets(
          1,
          5,
          10,
          25,
          50,
          100,
          250,
          500,
          1_000,
          2_500,
          5_000,
          10_000,
          30_000,
          MINUTE,
          5 * MINUTE,
          15 * MINUTE,
          HOUR);

  /** From a no-op to an archive step of many hours. */
  private static final Duration[] DURATION_BUCKETS =
      buckets(
          10,
          100,
          500,
          1_000,
          5_000,
          10_000,
          30_000,
          MINUTE,
          5 * MINUTE,
          10 * MINUTE,
          30 * MINUTE,
          HOUR,
          2 * HOUR,
          6 * HOUR,
          12 * HOUR,
          24 * HOUR);

  private final MeterRegistry registry;
  private final Clock clock;
  private final StartTimes dispatches = StartTimes.byEquality(SLOTS);
  private final StartTimes runs = StartTimes.byIdentity(SLOTS);
  private final ConcurrentMap<String, Timer> latencies = new ConcurrentHashMap<>();
  private final ConcurrentMap<Step, Timer> durations = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> transitions = new ConcurrentHashMap<>();
  private final ConcurrentMap<Task, Counter> failures = new ConcurrentHashMap<>();

  private record Task(String task, String queue) {}

  private record Step(String task, String queue, String outcome) {}

  public TaskMeters(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    this.clock = registry.config().clock();
  }

  /**
   * Caps the distinct values of the {@code task} tag of Rhythm's meters at {@link #MAX_TASK_NAMES}:
   * task names come from messages, which a registry must not let grow without bound.
   */
  public static MeterFilter limitingTaskNames() {
    return MeterFilter.maximumAllowableTags("rhythm.", "task", MAX_TASK_NAMES, MeterFilter.deny());
  }

  private static Duration[] buckets(long... millis) {
    return java.util.Arrays.stream(millis).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
  }

  /** Now on the registry's monotonic clock, in nanoseconds. */
  long now() {
    return clock.monotonicTime();
  }

  /** This process is about to publish {@code message}. */
  void dispatching(TaskMessage message) {
    dispatches.mark(message.taskId(), now());
  }

  /**
   * A worker was admitted to run {@code attempt}, having picked it at {@code pickedAt}: its
   * dispatch latency when this process published it, and the start of its run.
   */
  void started(TaskAttempt attempt, long pickedAt) {
    TaskMessage message = attempt.message();
    dispatches
        .take(message.taskId())
        .ifPresent(sent -> latency(message.queue()).record(pickedAt - sent, NANOSECONDS));
    runs.mark(attempt, now());
    transition(TaskState.STARTED);
  }

  /** The outcome of {@code attempt}, reached at {@code at}, was reported. */
  void ended(TaskAttempt attempt, TaskState outcome, long at) {
    TaskMessage message = attempt.message();
    runs.take(attempt)
        .ifPresent(
            began ->
                duration(message.task(), message.queue(), outcome.name())
                    .record(at - began, NANOSECONDS));
    if (outcome.equals(TaskState.FAILURE)) {
      failures
          .computeIfAbsent(
              new Task(message.task(), message.queue()),
              key ->
                  Counter.builder("rhythm.task.failures")
                      .description("Tasks that failed for good, as reported by this process")
                      .tag("task", key.task())
                      .tag("queue", key.queue())
                      .register(registry))
          .increment();
    }
    // Last, so that a reader who sees the transition sees the outcome's other meters too.
    transition(outcome);
  }

  private void transition(TaskState state) {
    transitions
        .computeIfAbsent(
            state.name(),
            name ->
                Counter.builder("rhythm.transitions")
                    .description("Task states reported through this process")
                    .tag("state", name)
                    .register(registry))
        .increment();
  }

  private Timer latency(String queue) {
    Timer timer = latencies.get(queue);
    return timer != null
        ? timer
        : latencies.computeIfAbsent(
            queue,
            key ->
                histogram("rhythm.dispatch.latency", LATENCY_BUCKETS)
                    .description("From this process publishing a task to its worker starting it")
                    .tag("queue", key)
                    .register(registry));
  }

  private Timer duration(String task, String queue, String outcome) {
    Step step = new Step(task, queue, outcome);
    Timer timer = durations.get(step);
    return timer != null
        ? timer
        : durations.computeIfAbsent(
            step,
            key ->
                histogram("rhythm.step.duration", DURATION_BUCKETS)
                    .description("From a worker starting a task to its reported outcome")
                    .tag("task", key.task())
                    .tag("queue", key.queue())
                    .tag("outcome", key.outcome())
                    .register(registry));
  }

  /**
   * A timer published as a histogram of these buckets, so that Prometheus computes percentiles
   * across processes ({@code histogram_quantile}); a few fixed buckets keep the series per tag
   * combination few.
   */
  private static Timer.Builder histogram(String name, Duration[] buckets) {
    return Timer.builder(name).serviceLevelObjectives(buckets);
  }
}
