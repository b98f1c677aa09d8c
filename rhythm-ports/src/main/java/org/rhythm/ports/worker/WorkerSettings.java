package org.rhythm.ports.worker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a worker runs: its name in task records (Celery's hostname, such as {@code rhythm@host}), the
 * queues it consumes, how many tasks run at once, how many unacknowledged messages each queue hands
 * it at a time, how often it reports that a running task is alive (DESIGN.md §3.9), and when it
 * acknowledges a message.
 *
 * <p>By default a message is acknowledged once its task's outcome is recorded (late ack): a worker
 * that dies leaves it to the broker to deliver again. With {@code ackAtStart} the message is
 * acknowledged as the task starts and the task is held by a lease in the store instead, renewed by
 * every heartbeat; when the heartbeats stop, the reconciler sends the task again. Use it for tasks
 * that outlast the broker's own limit on unacknowledged messages (RabbitMQ's consumer timeout, 30
 * minutes by default).
 */
public record WorkerSettings(
    String name,
    List<String> queues,
    int concurrency,
    int prefetch,
    Duration heartbeatInterval,
    boolean ackAtStart) {

  /** A heartbeat well inside the reconciler's default timeout of two minutes. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);

  public WorkerSettings {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a worker name is not blank");
    }
    queues = List.copyOf(queues);
    if (queues.isEmpty()) {
      throw new IllegalArgumentException("worker " + name + " consumes at least one queue");
    }
    Set<String> seen = new HashSet<>();
    for (String queue : queues) {
      if (queue.isBlank() || !seen.add(queue)) {
        throw new IllegalArgumentException(
            "worker " + name + ": queues are not blank and distinct: " + queues);
      }
    }
    if (concurrency < 1 || prefetch < 1) {
      throw new IllegalArgumentException(
          "worker "
              + name
              + ": concurrency and prefetch are at least 1, not "
              + concurrency
              + " and "
              + prefetch);
    }
    requireNonNull(heartbeatInterval, "heartbeatInterval");
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException(
          "worker " + name + ": the heartbeat interval is positive, not " + heartbeatInterval);
    }
  }

  /** Settings that acknowledge messages late, once the outcome is recorded. */
  public WorkerSettings(
      String name, List<String> queues, int concurrency, int prefetch, Duration heartbeatInterval) {
    this(name, queues, concurrency, prefetch, heartbeatInterval, false);
  }

  /** A worker whose prefetch equals its concurrency, with the default heartbeat interval. */
  public static WorkerSettings of(String name, List<String> queues, int concurrency) {
    return new WorkerSettings(name, queues, concurrency, concurrency, DEFAULT_HEARTBEAT_INTERVAL);
  }

  public WorkerSettings withPrefetch(int newPrefetch) {
    return new WorkerSettings(
        name, queues, concurrency, newPrefetch, heartbeatInterval, ackAtStart);
  }

  public WorkerSettings withHeartbeatInterval(Duration interval) {
    return new WorkerSettings(name, queues, concurrency, prefetch, interval, ackAtStart);
  }

  /** The same settings, acknowledging each message as its task starts and holding it by a lease. */
  public WorkerSettings withAckAtStart(boolean newAckAtStart) {
    return new WorkerSettings(
        name, queues, concurrency, prefetch, heartbeatInterval, newAckAtStart);
  }
}
