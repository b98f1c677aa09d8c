package org.rhythm.app.bench;

/**
 * What {@code rhythm bench} runs: {@code workflows} workflows of {@code steps} no-op steps, on a
 * worker with {@code concurrency} threads and {@code prefetch} unsettled messages, after a warm-up
 * of {@code warmupWorkflows}. A small prefetch keeps waiting messages in the broker's priority
 * queue, where a workflow's next step overtakes new work, instead of in the worker's first-come
 * queue.
 */
public record BenchSettings(
    int workflows, int steps, int concurrency, int prefetch, int warmupWorkflows, boolean json) {
  public static final BenchSettings DEFAULTS = new BenchSettings(10_000, 10, 2, 4, 2_000, false);

  public BenchSettings {
    positive("workflows", workflows);
    positive("steps", steps);
    positive("concurrency", concurrency);
    positive("prefetch", prefetch);
    if (warmupWorkflows < 0) {
      throw new IllegalArgumentException("--warmup is 0 or more, not " + warmupWorkflows);
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("--" + name + " is at least 1, not " + value);
    }
  }
}
