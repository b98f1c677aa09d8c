package org.rhythm.app.bench;

import java.util.Arrays;

/** Percentiles of a set of durations, in milliseconds. */
record Percentiles(double p50, double p95, double p99, int count) {

  /** The percentiles of these durations given in microseconds (nearest-rank). */
  static Percentiles ofMicros(long[] micros) {
    if (micros.length == 0) {
      return new Percentiles(0, 0, 0, 0);
    }
    long[] sorted = micros.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), sorted.length);
  }

  private static double rank(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
  }
}
