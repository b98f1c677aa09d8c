package org.rhythm.ports.worker;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.Subscription;

/**
 * A worker: consumes task messages from its queues and runs the registered Java tasks they name, at
 * most {@code concurrency} at a time, reporting every outcome through {@link TaskReports} before it
 * acknowledges the message (late ack). Each queue is consumed by {@code concurrency} subscriptions
 * and a task runs on the thread that delivered it, so no message waits in a queue of the worker's
 * own: the broker's priority order decides what runs next, and no thread hand-off is paid per task.
 * It listens to revocations: a revoked task is not run when its message comes, and is interrupted
 * when it runs. It reports a heartbeat for each running task every heartbeat interval.
 *
 * <p>The constructor does no I/O and starts no thread; {@link #start()} does. {@link #close()}
 * stops consuming and interrupts the running tasks without reporting them: their messages go back
 * to their queues and run again. Thread-safe. Its own thread is a daemon named {@code
 * rhythm-worker-<name>-scheduler-1}.
 */
public final class Worker implements AutoCloseable {
  /** How long {@link #close()} waits for running tasks to stop after interrupting them. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger(Worker.class.getName());

  private final Broker broker;
  private final WorkerSettings settings;
  private final Semaphore slots;
  private final ScheduledExecutorService scheduler;
  private final Attempts attempts;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private State state = State.NEW;

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  /** A worker whose progress reports take their times from {@code clock}. */
  public Worker(
      Broker broker,
      TaskReports reports,
      TaskRegistry registry,
      WorkerSettings settings,
      Clock clock) {
    this.broker = requireNonNull(broker, "broker");
    this.settings = requireNonNull(settings, "settings");
    String threads = "rhythm-worker-" + settings.name();
    this.slots = new Semaphore(settings.concurrency());
    // The executor starts its thread lazily: none exists before start().
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(new DaemonThreads(threads + "-scheduler"));
    this.attempts =
        new Attempts(
            settings.name(),
            settings.ackAtStart(),
            broker,
            requireNonNull(reports, "reports"),
            requireNonNull(registry, "registry"),
            requireNonNull(clock, "clock"),
            scheduler);
  }

  /** A worker on the system clock. */
  public Worker(
      Broker broker, TaskReports reports, TaskRegistry registry, WorkerSettings settings) {
    this(broker, reports, registry, settings, Clock.systemUTC());
  }

  /**
   * Starts the threads, listens to revocations, then consumes every queue with the configured
   * prefetch.
   *
   * @throws IllegalStateException when the worker was started or closed before
   * @throws org.rhythm.ports.out.TransientFailureException when the broker cannot be reached; the
   *     worker is then closed
   */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException(
          "worker " + settings.name() + " was started or closed before");
    }
    state = State.STARTED;
    int consumers = settings.concurrency();
    int prefetch = Math.max(1, (settings.prefetch() + consumers - 1) / consumers);
    try {
      // Revocations first, so that no message is consumed before its revocation can be heard.
      subscriptions.add(broker.onRevoke(attempts::revoke));
      for (String queue : settings.queues()) {
        for (int i = 0; i < consumers; i++) {
          subscriptions.add(broker.consume(queue, prefetch, delivery -> run(queue, delivery)));
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    long interval = settings.heartbeatInterval().toNanos();
    scheduler.scheduleAtFixedRate(attempts::sendHeartbeats, interval, interval, NANOSECONDS);
  }

  /**
   * Stops consuming, interrupts running tasks without reporting them (their messages go back to
   * their queues) and stops the worker's threads, waiting up to {@link #CLOSE_TIMEOUT} for them.
   * Idempotent.
   */
  @Override
  public void close() {
    List<Subscription> opened;
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      opened = new ArrayList<>(subscriptions);
      subscriptions.clear();
    }
    attempts.abandonAll();
    scheduler.shutdownNow();
    for (int i = opened.size() - 1; i >= 0; i--) {
      closeQuietly(opened.get(i));
    }
    awaitThreads();
  }

  /**
   * Runs one delivery on the broker's thread once one of the {@code concurrency} slots is free; a
   * worker consuming several queues never runs more than that many tasks at once.
   */
  private void run(String queue, Delivery delivery) {
    try {
      slots.acquire();
    } catch (InterruptedException closing) {
      // Left unsettled: closing the subscription puts it back on its queue.
      Thread.currentThread().interrupt();
      return;
    }
    try {
      attempts.handle(queue, delivery);
    } finally {
      slots.release();
    }
  }

  private void closeQuietly(Subscription subscription) {
    try {
      subscription.close();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, () -> "worker " + settings.name() + " could not close a subscription", e);
    }
  }

  private void awaitThreads() {
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    try {
      boolean stopped = scheduler.awaitTermination(deadline - System.nanoTime(), NANOSECONDS);
      if (!stopped) {
        LOG.log(
            Level.WARNING,
            "worker {0}: tasks still run {1} after they were interrupted",
            settings.name(),
            CLOSE_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
