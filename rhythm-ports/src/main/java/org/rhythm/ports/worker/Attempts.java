package org.rhythm.ports.worker;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.TaskReports.Admission;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.MalformedMessageException;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.TransientFailureException;

/**
 * What a worker does with each delivery (DESIGN.md §3.4): decode it, admit it, run its task, report
 * the outcome and only then settle it (late ack), so a crash at any point leaves the message to be
 * delivered again. Also the worker's memory of revocations and of the tasks it runs. Thread-safe:
 * used from the worker's task threads, its scheduler and the broker's threads.
 */
final class Attempts {
  /** How many revoked task ids a worker remembers. */
  static final int REVOKED_MEMORY = 10_000;

  /**
   * How long a message whose report failed transiently waits before going back to its queue, so as
   * not to spin.
   */
  static final Duration REQUEUE_DELAY = Duration.ofMillis(500);

  private static final System.Logger LOG = System.getLogger(Attempts.class.getName());

  private final String worker;
  private final boolean ackAtStart;
  private final Broker broker;
  private final TaskReports reports;
  private final TaskRegistry registry;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final RevokedTasks revoked = new RevokedTasks(REVOKED_MEMORY);
  private final ConcurrentMap<TaskId, RunningTask> running = new ConcurrentHashMap<>();
  private final ConcurrentMap<TaskId, TaskAttempt> waitingToRetry = new ConcurrentHashMap<>();
  private volatile boolean closing;

  Attempts(
      String worker,
      boolean ackAtStart,
      Broker broker,
      TaskReports reports,
      TaskRegistry registry,
      Clock clock,
      ScheduledExecutorService scheduler) {
    this.worker = worker;
    this.ackAtStart = ackAtStart;
    this.broker = broker;
    this.reports = reports;
    this.registry = registry;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /** What becomes of a delivery once its attempt is over. */
  private enum Outcome {
    ACK,
    REQUEUE,
    DROP,
    /**
     * Left unsettled: a scheduled retry settles it, or closing its subscription puts it back on the
     * queue.
     */
    KEEP
  }

  /** Handles one delivery from {@code queue} on the calling thread; never throws. */
  void handle(String queue, Delivery delivery) {
    TaskMessage message;
    try {
      message = delivery.message();
    } catch (MalformedMessageException e) {
      LOG.log(
          Level.WARNING,
          "worker {0} rejected a malformed message from queue {1}: {2}",
          worker,
          queue,
          e.getMessage());
      delivery.reject(false);
      return;
    }
    TaskAttempt attempt = new TaskAttempt(message, worker, ackAtStart);
    settle(delivery, attempt, () -> attempt(attempt, delivery));
  }

  /**
   * Hears a revocation: the task is not run if its message comes later, and is interrupted if it
   * runs now.
   */
  void revoke(TaskId taskId) {
    revoked.add(taskId);
    RunningTask run = running.get(taskId);
    if (run != null) {
      run.revoke();
    }
  }

  /**
   * The worker is closing: running tasks are interrupted and their messages left to be delivered
   * again.
   */
  void abandonAll() {
    closing = true;
    running.values().forEach(RunningTask::abandon);
  }

  /**
   * Reports that every task running here, or waiting here to be retried, is still alive; a retry's
   * backoff may outlast the reconciler's heartbeat timeout.
   */
  void sendHeartbeats() {
    running.values().forEach(run -> run.heartbeat(this::heartbeat));
    waitingToRetry.values().forEach(this::heartbeat);
  }

  private void heartbeat(TaskAttempt attempt) {
    try {
      reports.heartbeat(attempt);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "worker {0}: heartbeat of task {1} failed: {2}",
          worker,
          attempt.message().taskId(),
          e.toString());
    }
  }

  private Outcome attempt(TaskAttempt attempt, Delivery delivery) {
    TaskMessage message = attempt.message();
    if (closing) {
      return Outcome.KEEP;
    }
    if (revoked.contains(message.taskId())) {
      reports.revoked(attempt, TaskFailure.revokedBeforeStart());
      return Outcome.ACK;
    }
    // Admitted first even when no such task is registered, so that the step records a run and shows
    // the failure.
    if (reports.starting(attempt) == Admission.SKIP) {
      return Outcome.ACK;
    }
    Optional<RegisteredTask> task = registry.find(message.task());
    if (task.isEmpty()) {
      reports.failed(attempt, TaskFailure.notRegistered(message.task()), null);
      return Outcome.ACK;
    }
    if (ackAtStart) {
      // The lease first: once the message is acknowledged, only the heartbeat says the task runs.
      reports.heartbeat(attempt);
      delivery.ack();
    }
    return runHere(task.get(), attempt, delivery);
  }

  /** Runs the task as one of those running here, unless the same task id already runs here. */
  private Outcome runHere(RegisteredTask task, TaskAttempt attempt, Delivery delivery) {
    TaskId taskId = attempt.message().taskId();
    RunningTask run = new RunningTask(attempt, Thread.currentThread());
    if (running.putIfAbsent(taskId, run) != null) {
      return Outcome.ACK; // a duplicate delivery: the run under way settles its own delivery
    }
    if (!attempt.leased()) {
      delivery.onWithdrawal(() -> holdByLease(run));
    }
    try {
      // Registered before looking again, so a revocation or a close arriving in between is never
      // missed: either it finds the run registered or the run finds it here.
      if (revoked.contains(taskId)) {
        run.revoke();
      }
      if (closing) {
        run.abandon();
      }
      return runAndReport(task, run, delivery);
    } finally {
      running.remove(taskId, run);
    }
  }

  /**
   * The broker takes back the delivery of a task that still runs here: the run goes on, held by a
   * lease as if its message had been acknowledged at start, so that the message is not run a second
   * time elsewhere, and the reconciler sends the task again if this worker falls silent. False, and
   * the message is delivered again, when the task no longer runs here (its outcome is recorded or
   * being recorded, or the worker is closing) or the lease cannot be written.
   */
  private boolean holdByLease(RunningTask run) {
    TaskId taskId = run.attempt().message().taskId();
    boolean held;
    try {
      held = running.get(taskId) == run && run.holdByLease(reports::heartbeat);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "worker {0}: task {1} lost its message and could not take a lease, so it may run again"
              + " elsewhere: {2}",
          worker,
          taskId,
          e.toString());
      return false;
    }
    if (held) {
      LOG.log(
          Level.INFO,
          "worker {0}: task {1} lost its message to another consumer and goes on under a lease",
          worker,
          taskId);
    }
    return held;
  }

  private Outcome runAndReport(RegisteredTask task, RunningTask run, Delivery delivery) {
    TaskAttempt attempt = run.attempt();
    Object result;
    try {
      result = run.run(task.task(), new TaskContext(attempt, reports, clock, run::shouldStop));
      // A failure of any kind is the task's outcome, not the worker's.
    } catch (Throwable error) {
      return afterFailure(task.retryPolicy(), run, error, delivery);
    }
    if (run.isRevoked()) {
      reports.revoked(attempt, TaskFailure.terminated());
      return Outcome.ACK;
    }
    List<Object> stepResult;
    try {
      stepResult = StepResults.of(task.name(), result);
    } catch (InvalidTaskResultException invalid) {
      reports.failed(attempt, TaskFailure.of(invalid), null);
      return Outcome.ACK;
    }
    reports.succeeded(attempt, stepResult);
    return Outcome.ACK;
  }

  private Outcome afterFailure(
      RetryPolicy policy, RunningTask run, Throwable error, Delivery delivery) {
    TaskAttempt attempt = run.attempt();
    if (run.isRevoked()) {
      reports.revoked(attempt, TaskFailure.terminated());
      return Outcome.ACK;
    }
    if (run.isAbandoned()) {
      return Outcome.KEEP;
    }
    TaskFailure failure = TaskFailure.of(error);
    String traceback = traceback(error);
    int retries = attempt.message().retries();
    if (policy.allowsRetry(error, retries)) {
      reports.retrying(attempt, failure, traceback);
      scheduleRetry(attempt, policy.backoff(retries), delivery);
      return Outcome.KEEP;
    }
    reports.failed(attempt, failure, traceback);
    return Outcome.ACK;
  }

  /**
   * After the backoff, publishes the next attempt under the same task id and only then acks this
   * one.
   */
  private void scheduleRetry(TaskAttempt attempt, Duration backoff, Delivery delivery) {
    TaskId taskId = attempt.message().taskId();
    waitingToRetry.put(taskId, attempt);
    Runnable resend = () -> settle(delivery, attempt, () -> resend(attempt));
    try {
      scheduler.schedule(resend, backoff.toNanos(), NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      // The worker is closing: the delivery stays unsettled and goes back to its queue.
      waitingToRetry.remove(taskId, attempt);
    }
  }

  private Outcome resend(TaskAttempt attempt) {
    TaskMessage message = attempt.message();
    waitingToRetry.remove(message.taskId(), attempt);
    if (revoked.contains(message.taskId())) {
      reports.revoked(attempt, TaskFailure.revokedBeforeStart());
    } else {
      broker.publish(message.nextAttempt());
    }
    return Outcome.ACK;
  }

  /** Runs {@code work} and settles the delivery as its outcome says; never throws. */
  private void settle(Delivery delivery, TaskAttempt attempt, Supplier<Outcome> work) {
    Outcome outcome;
    try {
      outcome = work.get();
    } catch (TransientFailureException e) {
      LOG.log(
          Level.WARNING,
          "worker {0}: task {1} goes back to its queue: {2}",
          worker,
          attempt.message().taskId(),
          e.getMessage());
      outcome = Outcome.REQUEUE;
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          () -> "worker " + worker + " dropped task " + attempt.message().taskId() + ": " + e,
          e);
      outcome = Outcome.DROP;
    }
    try {
      apply(outcome, delivery);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "worker " + worker + " could not settle a delivery: " + e, e);
    }
  }

  private void apply(Outcome outcome, Delivery delivery) {
    switch (outcome) {
      case ACK -> delivery.ack();
      case DROP -> delivery.reject(false);
      case REQUEUE -> requeueLater(delivery);
      case KEEP -> {}
    }
  }

  private void requeueLater(Delivery delivery) {
    try {
      scheduler.schedule(() -> delivery.reject(true), REQUEUE_DELAY.toNanos(), NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      delivery.reject(true);
    }
  }

  private static String traceback(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
