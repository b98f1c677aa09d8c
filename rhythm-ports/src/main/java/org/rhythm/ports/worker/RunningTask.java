package org.rhythm.ports.worker;

import java.util.List;
import java.util.function.Consumer;
import org.rhythm.ports.in.TaskAttempt;

/**
 * A task a worker thread has admitted and runs or is about to run. A revocation or the worker
 * closing interrupts that thread, but only while the task's own code runs: once it has finished,
 * the thread goes on to report the outcome undisturbed.
 */
final class RunningTask {
  private final Thread thread;
  private final Object beats = new Object();
  private volatile TaskAttempt attempt;
  private boolean finished;
  private volatile boolean revoked;
  private volatile boolean abandoned;

  RunningTask(TaskAttempt attempt, Thread thread) {
    this.attempt = attempt;
    this.thread = thread;
  }

  TaskAttempt attempt() {
    return attempt;
  }

  /**
   * Reports a heartbeat of the attempt as it stands, never while the lease is being taken, so that
   * a heartbeat of the message-held attempt cannot land after the lease's.
   */
  void heartbeat(Consumer<TaskAttempt> report) {
    synchronized (beats) {
      report.accept(attempt);
    }
  }

  /**
   * From now on the task is held by a lease alone, as if its message had been acknowledged as it
   * started: {@code writeLease} writes the leased attempt's heartbeat, and every later heartbeat is
   * leased too. If {@code writeLease} throws, the task is held by its message again and the
   * exception is passed on.
   *
   * @return false, taking nothing, when the task's code has returned or the worker abandoned it
   */
  boolean holdByLease(Consumer<TaskAttempt> writeLease) {
    synchronized (beats) {
      synchronized (this) {
        if (finished || abandoned) {
          return false;
        }
      }
      TaskAttempt before = attempt;
      attempt = new TaskAttempt(before.message(), before.worker(), true);
      try {
        writeLease.accept(attempt);
      } catch (RuntimeException e) {
        attempt = before;
        throw e;
      }
      return true;
    }
  }

  /**
   * Runs the task on the calling thread, which must be the one given at construction; throws {@link
   * InterruptedException} without running it when it was told to stop already.
   */
  List<Object> run(RhythmTask task, TaskContext context) throws Exception {
    try {
      if (shouldStop()) {
        throw new InterruptedException(
            "task " + attempt.message().taskId() + " stopped before it ran");
      }
      return task.run(context);
    } finally {
      synchronized (this) {
        finished = true;
      }
      // An interrupt that arrived after the task stopped looking must not reach the report that
      // follows.
      Thread.interrupted();
    }
  }

  /** The task was revoked: stop it if it still runs. */
  synchronized void revoke() {
    if (!finished) {
      revoked = true;
      thread.interrupt();
    }
  }

  /** The worker is closing: stop the task if it still runs; its message will be delivered again. */
  synchronized void abandon() {
    if (!finished) {
      abandoned = true;
      thread.interrupt();
    }
  }

  /** Whether a revocation arrived before the task finished. */
  boolean isRevoked() {
    return revoked;
  }

  /** Whether the worker closed before the task finished. */
  boolean isAbandoned() {
    return abandoned;
  }

  /** Whether the task should stop: revoked or abandoned. */
  boolean shouldStop() {
    return revoked || abandoned;
  }
}
