package org.rhythm.app;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rhythm.app.metrics.JvmMeters;
import org.rhythm.app.metrics.StatusGauges;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.WorkflowCommands;
import org.rhythm.ports.in.WorkflowQueries;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Connectable;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.service.Reconciler;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.Worker;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * Rhythm embedded in a program: the workflow commands and queries, Java workers, and the
 * reconciler, over the adapters the modules bound. Get one from {@link RhythmMain#inMemory()} or
 * {@link RhythmMain#create}; closing it stops its workers and closes its adapters in reverse order.
 */
public final class RhythmApp implements AutoCloseable {
  private final WorkflowCommands commands;
  private final WorkflowQueries queries;
  private final TaskReports reports;
  private final Broker broker;
  private final ResultStore store;
  private final Reconciler reconciler;
  private final Clock clock;
  private final PrometheusMeterRegistry metrics;
  private static final System.Logger LOG = System.getLogger(RhythmApp.class.getName());

  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

  @Inject
  RhythmApp(
      WorkflowCommands commands,
      WorkflowQueries queries,
      TaskReports reports,
      Broker broker,
      ResultStore store,
      Reconciler reconciler,
      Clock clock,
      PrometheusMeterRegistry metrics) {
    this.commands = requireNonNull(commands, "commands");
    this.queries = requireNonNull(queries, "queries");
    this.reports = requireNonNull(reports, "reports");
    this.broker = requireNonNull(broker, "broker");
    this.store = requireNonNull(store, "store");
    this.reconciler = requireNonNull(reconciler, "reconciler");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  /**
   * Opens the adapters' connections, store first; call once, before anything else. When one fails
   * to start, those already started are closed again before the failure is rethrown. The gauges of
   * workflows by status and the JVM's meters join the registry first; they read only when scraped.
   */
  void start() {
    StatusGauges.register(metrics, queries, StatusGauges.CACHE_FOR);
    closeLater(JvmMeters.bind(metrics));
    open(store);
    open(broker);
  }

  /** Create, start, pause, resume and delete workflows. */
  public WorkflowCommands commands() {
    return commands;
  }

  /** Views, lists and counts of workflows. */
  public WorkflowQueries queries() {
    return queries;
  }

  /**
   * The meters of this Rhythm, for Prometheus: serve them with {@link
   * org.rhythm.app.metrics.MetricsRoute} or read them with {@code scrape()}.
   */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** The repair job of DESIGN.md §3.9; run {@link Reconciler#reconcile()} periodically. */
  public Reconciler reconciler() {
    return reconciler;
  }

  /**
   * Runs the reconciler every {@code period} on a daemon thread of its own until this app closes.
   * Several processes may do so on one store: every repair is a guarded change.
   */
  public synchronized void reconcileEvery(Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("the reconciler's period is positive, not " + period);
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "rhythm-reconciler");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::reconcileOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    toClose.push(scheduler::shutdownNow);
  }

  private void reconcileOnce() {
    try {
      reconciler.reconcile();
    } catch (RuntimeException e) {
      // The next run tries again; a failed pass changed nothing it did not finish.
      LOG.log(System.Logger.Level.WARNING, "a reconciler pass failed: " + e, e);
    }
  }

  /**
   * Starts a Java worker running these tasks from its queues; it stops when this app closes, or
   * earlier.
   */
  public synchronized Worker startWorker(WorkerSettings settings, TaskRegistry tasks) {
    Worker worker = new Worker(broker, reports, tasks, settings, clock);
    toClose.push(worker);
    worker.start();
    return worker;
  }

  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    while (!toClose.isEmpty()) {
      try {
        toClose.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing Rhythm failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void open(Object adapter) {
    if (adapter instanceof Connectable connectable) {
      try {
        connectable.start();
      } catch (RuntimeException e) {
        try {
          close();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
    closeLater(adapter);
  }

  private void closeLater(Object adapter) {
    if (adapter instanceof AutoCloseable closeable) {
      toClose.push(closeable);
    }
  }
}
