package org.rhythm.app.bench;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code rhythm bench} runs: {@code workflows} workflows of {@code steps} no-op steps, on a
 * worker with {@code concurrency} threads and {@code prefetch} unsettled messages, after a warm-up
 * of {@code warmupWorkflows} run {@code workflows} at a time, with the result store {@code store}
 * ({@value #MEMORY} or {@value #MONGO}) and the broker {@code broker} ({@value #MEMORY}, {@value
 * #AMQP} or {@value #KAFKA}). A small prefetch keeps waiting messages in the broker's priority
 * queue, where a workflow's next step overtakes new work, instead of in the worker's first-come
 * queue.
 */
public record BenchSettings(
    int workflows,
    int steps,
    int concurrency,
    int prefetch,
    int warmupWorkflows,
    boolean json,
    String store,
    String broker) {
  /** The in-process adapter. */
  public static final String MEMORY = "memory";

  /** The MongoDB result store. */
  public static final String MONGO = "mongo";

  /** RabbitMQ, speaking Celery's protocol. */
  public static final String AMQP = "amqp";

  private static final Set<String> STORES = Set.of(MEMORY, MONGO);

  /** Kafka. */
  public static final String KAFKA = "kafka";

  private static final Set<String> BROKERS = Set.of(MEMORY, AMQP, KAFKA);

  public static final BenchSettings DEFAULTS =
      new BenchSettings(10_000, 10, 2, 4, 10_000, false, MEMORY, MEMORY);

  public BenchSettings {
    positive("workflows", workflows);
    positive("steps", steps);
    positive("concurrency", concurrency);
    positive("prefetch", prefetch);
    if (warmupWorkflows < 0) {
      throw new IllegalArgumentException("--warmup is 0 or more, not " + warmupWorkflows);
    }
    requireNonNull(store, "store");
    if (!STORES.contains(store)) {
      throw new IllegalArgumentException(
          "--store is '" + MEMORY + "' or '" + MONGO + "', not '" + store + "'");
    }
    requireNonNull(broker, "broker");
    if (!BROKERS.contains(broker)) {
      throw new IllegalArgumentException(
          "--broker is '" + MEMORY + "', '" + AMQP + "' or '" + KAFKA + "', not '" + broker + "'");
    }
  }

  /** Settings on the in-memory store. */
  public BenchSettings(
      int workflows, int steps, int concurrency, int prefetch, int warmupWorkflows, boolean json) {
    this(workflows, steps, concurrency, prefetch, warmupWorkflows, json, MEMORY, MEMORY);
  }

  /**
   * The warm-up's rounds: {@code warmupWorkflows} in all, run as the measured run runs, {@code
   * workflows} at a time (the last round takes what is left), each with no warm-up of its own.
   */
  List<BenchSettings> warmupRounds() {
    List<BenchSettings> rounds = new ArrayList<>();
    for (int left = warmupWorkflows; left > 0; left -= workflows) {
      rounds.add(
          new BenchSettings(
              Math.min(left, workflows), steps, concurrency, prefetch, 0, json, store, broker));
    }
    return rounds;
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("--" + name + " is at least 1, not " + value);
    }
  }
}
