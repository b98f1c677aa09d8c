package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.rhythm.adapter.inmemory.EngineOp.Outcome;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.TaskReports.Admission;
import org.rhythm.ports.out.TaskMessage;

/**
 * The workers of an engine run, played by the test: what they receive and what they report through
 * {@link TaskReports}, each report checked against what DESIGN.md §3.4 and the port's contract say
 * it must do.
 */
final class EngineWorkers {
  private static final TaskFailure BOOM =
      new TaskFailure("ValueError", List.of("boom"), "builtins");
  private static final String TRACEBACK = "Traceback (most recent call last):\nValueError: boom";

  private final TaskReports reports;
  private final EngineModel model;
  private final EngineBroker broker;
  private final Supplier<EngineSnapshot> snapshot;
  private final Consumer<String> note;

  EngineWorkers(
      TaskReports reports,
      EngineModel model,
      Supplier<EngineSnapshot> snapshot,
      Consumer<String> note) {
    this.reports = reports;
    this.model = model;
    this.broker = model.broker;
    this.snapshot = snapshot;
    this.note = note;
  }

  /** Delivers one of the deliverable messages, half the time one of an unfinished task. */
  void deliverAny(EngineOp op) {
    EngineSnapshot now = snapshot.get();
    List<TaskMessage> unfinished = deliverable(m -> !now.isDone(m.taskId()));
    List<TaskMessage> pool =
        op.choice() % 2 == 0 && !unfinished.isEmpty() ? unfinished : model.deliverable;
    if (pool.isEmpty()) {
      note.accept(" deliver: nothing was published");
      return;
    }
    TaskMessage message = pool.get(op.choice() / 2 % pool.size());
    deliver(message, Outcome.of(op.outcome()), op.value(), worker(op));
  }

  /** A worker receives {@code message}: starting, then, if admitted, {@code outcome}. */
  Admission deliver(TaskMessage message, Outcome outcome, long value, String worker) {
    EngineSnapshot before = snapshot.get();
    String name = name(message);
    int step = broker.stepOf(message.taskId()).orElseThrow();
    boolean done = before.isDone(message.taskId());
    Dispatch current = before.dispatch(step);
    boolean isCurrent = current == null || current.taskId().equals(message.taskId());
    Admission expected = !done && !before.isPaused() && isCurrent ? Admission.RUN : Admission.SKIP;
    TaskAttempt attempt = new TaskAttempt(message, worker);
    Admission admission = reports.starting(attempt);
    note.accept(" deliver " + name + " → " + admission);
    assertThat(admission)
        .as(
            "starting(%s) of step %d [done %s, paused %s, step's dispatch %s] runs exactly an"
                + " unfinished task that is its step's current dispatch, while not paused"
                + " (TaskReports.starting, §3.4)",
            name,
            step + 1,
            done,
            before.isPaused(),
            current == null ? "none" : EngineIds.alias(current.taskId()))
        .isEqualTo(expected);
    if (admission == Admission.SKIP) {
      if (!done) {
        assertThat(state(snapshot.get(), message))
            .as("a skipped attempt of %s is recorded REVOKED (TaskReports.starting)", name)
            .contains(TaskState.REVOKED);
      }
      return admission;
    }
    switch (outcome) {
      case PROGRESS -> {
        note.accept(" → progress " + value);
        reports.progress(attempt, progress(value));
      }
      case SUCCEED -> succeed(attempt, value);
      case FAIL -> fail(attempt);
      case RETRY_THEN_SUCCEED -> {
        note.accept(" → retrying;");
        reports.retrying(attempt, BOOM, TRACEBACK);
        deliver(message.nextAttempt(), Outcome.SUCCEED, value, worker);
      }
      case RETRY_LATER -> {
        note.accept(" → retrying later");
        reports.retrying(attempt, BOOM, TRACEBACK);
        model.deliverable.add(message.nextAttempt());
      }
    }
    return admission;
  }

  /** A Java worker heard the revocation: it reports REVOKED instead of starting (§3.4). */
  void deliverRevoked(EngineOp op) {
    List<TaskMessage> revoked = deliverable(m -> broker.isRevoked(m.taskId()));
    if (revoked.isEmpty()) {
      note.accept(" deliver revoked: nothing was revoked");
      return;
    }
    TaskMessage message = revoked.get(op.choice() % revoked.size());
    EngineSnapshot before = snapshot.get();
    boolean running = hasRun(before, message);
    note.accept(
        " deliver revoked " + name(message) + (running ? " (terminated)" : " (before start)"));
    reports.revoked(
        new TaskAttempt(message, worker(op)),
        running ? TaskFailure.terminated() : TaskFailure.revokedBeforeStart());
    Optional<TaskRecord> after = snapshot.get().record(message.taskId());
    if (before.isDone(message.taskId())) {
      assertThat(after).as("a done record is final").isEqualTo(before.record(message.taskId()));
    } else {
      assertThat(after.map(TaskRecord::state))
          .as("%s is recorded REVOKED", name(message))
          .contains(TaskState.REVOKED);
    }
  }

  /**
   * A worker finishes a task it was running (STARTED); a revocation may have come meanwhile,
   * unheard, as when it arrives between the task's end and its report.
   */
  void finishRunning(EngineOp op) {
    EngineSnapshot before = snapshot.get();
    List<TaskMessage> running =
        deliverable(
            m ->
                state(before, m).filter(TaskState.STARTED::equals).isPresent()
                    && hasRun(before, m));
    if (running.isEmpty()) {
      note.accept(" finish running: nothing runs");
      return;
    }
    TaskMessage message = running.get(op.choice() % running.size());
    TaskAttempt attempt = new TaskAttempt(message, worker(op));
    note.accept(
        " " + name(message) + (broker.isRevoked(message.taskId()) ? " (revoked)" : "") + " ends");
    if (op.outcome() % 2 == 0) {
      succeed(attempt, op.value());
    } else {
      fail(attempt);
    }
  }

  /**
   * The success of a task that already succeeded is reported again, or its message redelivered;
   * nothing may change (§3.4, §4 #3).
   */
  void redeliverSuccess(EngineOp op) {
    EngineSnapshot before = snapshot.get();
    List<TaskMessage> succeeded =
        deliverable(m -> state(before, m).filter(TaskState.SUCCESS::equals).isPresent());
    if (succeeded.isEmpty()) {
      note.accept(" redeliver success: nothing succeeded yet");
      return;
    }
    TaskMessage message = succeeded.get(op.choice() % succeeded.size());
    int published = broker.published().size();
    TaskAttempt attempt = new TaskAttempt(message, worker(op));
    if (op.outcome() % 2 == 0) {
      note.accept(" succeeded again " + name(message) + " [" + (op.value() + 1000) + "]");
      reports.succeeded(attempt, List.of(op.value() + 1000, "again"));
    } else {
      note.accept(" redeliver succeeded " + name(message));
      assertThat(reports.starting(attempt))
          .as("a done task is not run again")
          .isEqualTo(Admission.SKIP);
    }
    assertThat(snapshot.get().record(message.taskId()))
        .as("a done record is final")
        .isEqualTo(before.record(message.taskId()));
    assertThat(broker.published().size())
        .as(
            "a repeated success of %s sends nothing (§3.4: the next step is sent once)",
            name(message))
        .isEqualTo(published);
  }

  /** §3.4, §4 #8: a progress write never overwrites a done state. */
  void staleProgress(EngineOp op) {
    EngineSnapshot before = snapshot.get();
    List<TaskMessage> done = deliverable(m -> before.isDone(m.taskId()));
    if (done.isEmpty()) {
      note.accept(" stale progress: no task is done");
      return;
    }
    TaskMessage message = done.get(op.choice() % done.size());
    note.accept(
        " stale progress " + name(message) + " (" + state(before, message).orElseThrow() + ")");
    reports.progress(new TaskAttempt(message, worker(op)), progress(op.value()));
    assertThat(snapshot.get().record(message.taskId()))
        .as("a progress write never overwrites the done record of %s (§3.4)", name(message))
        .isEqualTo(before.record(message.taskId()));
  }

  private void succeed(TaskAttempt attempt, long value) {
    note.accept(" → succeeded [" + value + ", extra]");
    reports.succeeded(attempt, List.of(value, "extra"));
  }

  private void fail(TaskAttempt attempt) {
    note.accept(" → failed");
    reports.failed(attempt, BOOM, TRACEBACK);
  }

  private List<TaskMessage> deliverable(Predicate<TaskMessage> filter) {
    return model.deliverable.stream().filter(filter).toList();
  }

  private boolean hasRun(EngineSnapshot snapshot, TaskMessage message) {
    return broker.stepOf(message.taskId()).stream()
        .anyMatch(
            step ->
                snapshot.runs(step).stream()
                    .anyMatch(run -> run.taskId().equals(message.taskId())));
  }

  private static Optional<TaskState> state(EngineSnapshot snapshot, TaskMessage message) {
    return snapshot.record(message.taskId()).map(TaskRecord::state);
  }

  static String name(TaskMessage message) {
    String alias = EngineIds.alias(message.taskId());
    return message.retries() == 0 ? alias : alias + " (retry " + message.retries() + ")";
  }

  private static String worker(EngineOp op) {
    return "celery@worker" + op.choice() % 3;
  }

  private static Map<String, Object> progress(long value) {
    Map<String, Object> progress = new LinkedHashMap<>();
    progress.put("name", "items");
    progress.put("done", value);
    progress.put("total", 1000L);
    return progress;
  }
}
