package org.rhythm.adapter.inmemory;

/**
 * One operation of an engine sequence, as drawn from a seed. {@code choice} picks among what exists
 * when the operation runs (modulo its size), so an operation stays meaningful when shrinking
 * removes others; {@code outcome} selects a variant, {@code value} is the task result or argument,
 * {@code tickSeconds} how far the clock moves before the operation.
 */
record EngineOp(Kind kind, int choice, int outcome, long value, long tickSeconds) {

  /** What the operation does. */
  enum Kind {
    /** {@code start([value], kwargs)}. */
    START,
    /**
     * A worker receives any message the service published (or a retry of one): starting, then an
     * outcome.
     */
    DELIVER,
    /**
     * A Java worker receives a message whose id it heard revoked: it reports REVOKED without
     * starting.
     */
    DELIVER_REVOKED,
    /**
     * A worker that was running a task (admitted, not done) finishes it, succeeding when {@code
     * outcome} is even and failing otherwise, without having heard a revocation that may have come
     * meanwhile.
     */
    FINISH_RUNNING,
    /** A success of a task that already succeeded is reported again (redelivery, duplicate). */
    REDELIVER_SUCCESS,
    /** A late progress write for a task whose record is done. */
    STALE_PROGRESS,
    PAUSE,
    /** {@code resume(force=false, args=null)}. */
    RESUME,
    /** {@code resume(force=true, args=null)}. */
    RESUME_FORCE,
    /** {@code resume(force=outcome is even, args=[value])}. */
    RESUME_WITH_ARGS
  }

  /** What a worker that was admitted does with the task. */
  enum Outcome {
    /** Reports progress and keeps running: the task stays live until a redelivery finishes it. */
    PROGRESS,
    SUCCEED,
    FAIL,
    /** Fails, is retried under the same id at once, and succeeds. */
    RETRY_THEN_SUCCEED,
    /** Fails and is retried later: its next attempt waits among the deliverable messages. */
    RETRY_LATER;

    static Outcome of(int outcome) {
      return values()[Math.floorMod(outcome, values().length)];
    }
  }

  @Override
  public String toString() {
    return kind
        + "(choice="
        + choice
        + ", outcome="
        + outcome
        + ", value="
        + value
        + ", +"
        + tickSeconds
        + "s)";
  }
}
