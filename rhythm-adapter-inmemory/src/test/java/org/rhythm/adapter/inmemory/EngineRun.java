package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.rhythm.adapter.inmemory.EngineOp.Outcome;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.MissingResumeArgumentsException;
import org.rhythm.domain.workflow.WorkflowAlreadyStartedException;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.TaskReports.Admission;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.testkit.time.MutableClock;

/**
 * One engine case played on a fresh {@link InMemoryResultStore}, the real {@link WorkflowService}
 * and an {@link EngineBroker}, on one thread: the callers' commands here, the workers' reports in
 * {@link EngineWorkers}. Each operation checks what it must have done; between operations {@link
 * EngineInvariants} hold; at the end the workflow must be driven to SUCCESS.
 */
final class EngineRun {
  static final String QUEUE = "q";
  static final Duration LEASE = ServiceSettings.DEFAULTS.resumeLease();

  private final MutableClock clock = new MutableClock();
  private final InMemoryResultStore store = new InMemoryResultStore();
  private final EngineBroker broker = new EngineBroker(store);
  private final List<WorkflowService> services = new ArrayList<>();
  private int turn;
  private final WorkflowService viewer;
  private final WorkflowId id;
  private final EngineModel model;
  private final EngineInvariants invariants;
  private final EngineWorkers workers;
  private final List<String> log = new ArrayList<>();

  /**
   * A run through {@code serviceCount} services on the one store, taking turns call by call, as
   * several API servers and worker processes would: each decides on the workflow as it last saw it,
   * which the others change meanwhile.
   */
  private EngineRun(EngineCase engineCase, int serviceCount) {
    EngineIds ids = new EngineIds();
    for (int i = 0; i < serviceCount; i++) {
      services.add(
          new WorkflowService(
              store, broker, clock, ids, ServiceSettings.DEFAULTS.withDefaultQueue(QUEUE)));
    }
    // Views for the checks come through a service of their own: reading a workflow refreshes the
    // reader's snapshot, which would hide the staleness the deciding services must cope with.
    viewer =
        new WorkflowService(
            store, broker, clock, ids, ServiceSettings.DEFAULTS.withDefaultQueue(QUEUE));
    id = service().create(engineCase.spec());
    model = new EngineModel(engineCase, id, broker);
    invariants = new EngineInvariants(model);
    workers = new EngineWorkers(new TakingTurns(this::service), model, this::snapshot, this::note);
  }

  /** The service whose turn it is. */
  private WorkflowService service() {
    return services.get(turn++ % services.size());
  }

  /**
   * What went wrong in a case: the operations applied until then, as they resolved, and the error.
   */
  record Failure(List<String> log, Throwable error) {}

  /** Plays the case, then the liveness check; the first failure, if any. */
  static Optional<Failure> failureOf(EngineCase engineCase) {
    return failureOf(engineCase, 1);
  }

  /** Plays the case through {@code services} services taking turns; the first failure, if any. */
  static Optional<Failure> failureOf(EngineCase engineCase, int services) {
    EngineRun run = new EngineRun(engineCase, services);
    try {
      run.checkInvariants();
      for (int i = 0; i < engineCase.ops().size(); i++) {
        run.apply(i, engineCase.ops().get(i));
      }
      run.driveToSuccess();
      return Optional.empty();
    } catch (AssertionError | RuntimeException e) {
      return Optional.of(new Failure(List.copyOf(run.log), e));
    }
  }

  private void apply(int index, EngineOp op) {
    clock.advance(Duration.ofSeconds(op.tickSeconds()));
    log.add("#" + index + " +" + op.tickSeconds() + "s");
    operation(() -> dispatchOn(op));
  }

  private boolean dispatchOn(EngineOp op) {
    switch (op.kind()) {
      case START -> start(op.value(), op.outcome() % 2 == 0);
      case DELIVER -> workers.deliverAny(op);
      case DELIVER_REVOKED -> workers.deliverRevoked(op);
      case FINISH_RUNNING -> workers.finishRunning(op);
      case REDELIVER_SUCCESS -> workers.redeliverSuccess(op);
      case STALE_PROGRESS -> workers.staleProgress(op);
      case PAUSE -> pause();
      case RESUME -> {
        return resume(false, null);
      }
      case RESUME_FORCE -> {
        return resume(true, null);
      }
      case RESUME_WITH_ARGS -> {
        return resume(op.outcome() % 2 == 0, List.of(op.value()));
      }
    }
    return false;
  }

  /**
   * Runs one operation, which says whether it resumed the workflow, and checks what follows from
   * any: what it published, that nothing was published while paused, the resume lock, the
   * invariants.
   */
  private void operation(BooleanSupplier resumes) {
    EngineSnapshot before = snapshot();
    int published = broker.published().size();
    boolean resumed = resumes.getAsBoolean();
    EngineSnapshot after = snapshot();
    List<EngineBroker.Published> fresh =
        List.copyOf(broker.published().subList(published, broker.published().size()));
    for (EngineBroker.Published p : fresh) {
      note(" → published " + EngineIds.alias(p.message().taskId()) + " to step " + (p.step() + 1));
      note(" (" + p.cause() + ") args " + p.message().args());
      model.deliverable.add(p.message());
      invariants.checkPublished(p, after);
    }
    for (int step = 0; step < after.size(); step++) {
      Dispatch held = after.dispatch(step);
      if (held != null && held.held() && !held.sameAs(before.dispatch(step))) {
        note(" → held " + EngineIds.alias(held.taskId()) + " for step " + (step + 1));
      }
    }
    if (before.isPaused() && !resumed) {
      assertThat(fresh)
          .as("while paused, nothing new is published until a resume (§3.6)")
          .isEmpty();
    }
    if (after.totalRuns() > before.totalRuns()) {
      model.lock = null; // a worker's started() clears the lock (§3.7)
    }
    invariants.check(after, view());
  }

  /** §3.3; reserved keys among the start kwargs must lose to the service's own (§3.2). */
  private void start(long value, boolean spoofReservedKeys) {
    List<Object> args = List.of(value);
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("bucket", "b" + value);
    if (spoofReservedKeys) {
      kwargs.put("workflow_id", "spoofed");
      kwargs.put("step", "spoofed");
    }
    note(" start " + args + " " + kwargs);
    boolean refused = false;
    try {
      service().start(id, args, kwargs);
    } catch (WorkflowAlreadyStartedException e) {
      refused = true;
    }
    note(refused ? " → refused: already started" : " → started");
    assertThat(refused)
        .as("start is refused exactly when the workflow was started (§3.3)")
        .isEqualTo(model.started);
    if (!refused) {
      model.started = true;
      model.startArgs = Json.copyList(args);
      model.startKwargs = Json.copyObject(kwargs);
    }
  }

  /** §3.6. */
  private void pause() {
    EngineSnapshot before = snapshot();
    WorkflowStatus status = before.referenceStatus();
    List<TaskId> live = model.liveTasks(before);
    boolean expected =
        !before.isPaused()
            && !status.equals(WorkflowStatus.SUCCESS)
            && (!status.isDone() || !live.isEmpty());
    PauseResult result = service().pause(id);
    Optional<TaskId> revoked = result.revokedStep().map(step -> TaskId.of(step.taskId()));
    note(" pause → " + (result.paused() ? "paused" : "not paused"));
    revoked.ifPresent(taskId -> note(" revoking " + EngineIds.alias(taskId)));
    assertThat(result.paused())
        .as(
            "pause [status %s, paused %s, live %s] pauses unless done or paused",
            status, before.isPaused(), aliases(live))
        .isEqualTo(expected);
    if (result.paused()) {
      model.paused = true;
      if (!live.isEmpty()) {
        assertThat(revoked)
            .as("pause revokes the live task %s and says so (§3.6)", aliases(live))
            .hasValueSatisfying(taskId -> assertThat(live).contains(taskId));
      }
    }
  }

  /** §3.7; returns whether the workflow was resumed. */
  private boolean resume(boolean force, List<Object> args) {
    EngineSnapshot before = snapshot();
    Instant now = clock.instant();
    int pending = before.pending();
    WorkflowStatus status = before.referenceStatus();
    Instant lock = before.workflow().resumeLock();
    boolean lockHeld = lock != null && lock.isAfter(now.minus(LEASE));
    boolean refused =
        pending < 0 || !force && (!WorkflowStatus.EXCEPTION.contains(status) || lockHeld);
    Optional<List<Object>> expectedArgs =
        refused || args != null
            ? Optional.ofNullable(args).map(Json::copyList)
            : model.resumeArgs(before, pending);
    String expected = refused ? "refused" : expectedArgs.isEmpty() ? "missing args" : "resumed";
    int published = broker.published().size();
    ResumeResult result = null;
    String outcome;
    try {
      result = service().resume(id, force, args);
      outcome = result.resumed() ? "resumed" : "refused";
    } catch (MissingResumeArgumentsException e) {
      outcome = "missing args";
    }
    note(" resume(force=" + force + ", args=" + args + ") → " + outcome);
    assertThat(outcome)
        .as(
            "resume [status %s, pending step %d, lock held %s, expected args %s] (§3.7)",
            status, pending + 1, lockHeld, expectedArgs)
        .isEqualTo(expected);
    List<EngineBroker.Published> fresh =
        broker.published().subList(published, broker.published().size());
    if (!outcome.equals("resumed")) {
      assertThat(fresh).as("a refused resume publishes nothing").isEmpty();
      return false;
    }
    assertThat(fresh).as("a resume publishes one message").hasSize(1);
    EngineBroker.Published sent = fresh.get(0);
    assertThat(sent.step()).as("a resume re-runs the pending step").isEqualTo(pending);
    assertThat(sent.cause()).as("a resume's dispatch cause").isEqualTo(Dispatch.RESUME);
    assertThat(sent.message().args())
        .as("a resume re-runs the step with the args it last ran with, or would have (§3.7)")
        .isEqualTo(expectedArgs.orElseThrow());
    assertThat(result.restartedStep().map(ResumeResult.RestartedStep::name))
        .contains(model.engineCase.steps().get(pending).name());
    model.paused = false;
    model.lock = now;
    model.started = true;
    return true;
  }

  /**
   * Liveness: whatever came before, a workflow that failed, was revoked or is paused resumes
   * without force (once a fresh resume lock's lease ran out), and running each live message to
   * success then finishes it.
   */
  private void driveToSuccess() {
    log.add("liveness:");
    if (!model.started) {
      operation(
          () -> {
            start(7, false);
            return false;
          });
    }
    EngineSnapshot now = snapshot();
    WorkflowStatus status = now.referenceStatus();
    if (!status.equals(WorkflowStatus.SUCCESS)
        && (WorkflowStatus.EXCEPTION.contains(status) || now.isPaused())) {
      Instant lock = now.workflow().resumeLock();
      if (lock != null && lock.isAfter(clock.instant().minus(LEASE))) {
        operation(() -> resume(false, null));
        clock.advance(LEASE);
        note(" +" + LEASE.toSeconds() + "s");
      }
      operation(() -> resumes(resume(false, null)));
    }
    for (int round = 0; round <= 3 * now.size() + 3; round++) {
      EngineSnapshot snapshot = snapshot();
      if (snapshot.referenceStatus().equals(WorkflowStatus.SUCCESS)) {
        break;
      }
      List<TaskId> live = model.liveTasks(snapshot);
      assertThat(live)
          .as("a %s workflow has one live task to go on with", snapshot.referenceStatus())
          .hasSize(1);
      TaskMessage message = model.latestMessage(live.get(0));
      long value = 500 + round;
      operation(
          () -> {
            Admission admission = workers.deliver(message, Outcome.SUCCEED, value, "celery@driver");
            assertThat(admission).as("the live task runs").isEqualTo(Admission.RUN);
            return false;
          });
    }
    WorkflowView view = view();
    assertThat(snapshot().referenceStatus())
        .as("driven to the end, the workflow succeeds")
        .isEqualTo(WorkflowStatus.SUCCESS);
    assertThat(view.status()).as("view status").isEqualTo(WorkflowStatus.SUCCESS);
    assertThat(view.stepsDone()).as("steps_done == total_steps").isEqualTo(view.totalSteps());
  }

  private static boolean resumes(boolean resumed) {
    assertThat(resumed)
        .as("a FAILURE, REVOKED or paused workflow resumes without force (§3.7)")
        .isTrue();
    return true;
  }

  private static List<String> aliases(List<TaskId> taskIds) {
    return taskIds.stream().map(EngineIds::alias).toList();
  }

  private void checkInvariants() {
    invariants.check(snapshot(), view());
  }

  private EngineSnapshot snapshot() {
    return EngineSnapshot.read(
        store, id, broker.published().stream().map(p -> p.message().taskId()).toList());
  }

  private WorkflowView view() {
    return viewer.view(id, ViewOptions.DEFAULT);
  }

  private void note(String text) {
    log.set(log.size() - 1, log.get(log.size() - 1) + text);
  }
}
