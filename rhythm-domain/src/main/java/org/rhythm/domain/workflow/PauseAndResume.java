package org.rhythm.domain.workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;

/** Pause (DESIGN.md §3.6) and resume (§3.7) as pure decisions. */
final class PauseAndResume {
  private PauseAndResume() {}

  static PauseOutcome pause(Workflow workflow, TaskRecords observed, Instant now) {
    WorkflowStatus status = workflow.status(observed);
    OptionalInt pending = workflow.pendingStep(observed);
    List<TaskId> live =
        pending.isPresent() ? workflow.liveTasks(pending.getAsInt(), observed) : List.of();
    if (workflow.isPaused() || pending.isEmpty() || (status.isDone() && live.isEmpty())) {
      return new PauseOutcome.NothingToPause(status);
    }
    int index = pending.getAsInt();
    Step step = workflow.step(index);
    // The pending step's dispatch and the next one's must not change between this decision and its
    // application: an advance or a resume applied in between would send a task this pause does not
    // revoke.
    List<Guard> guards = new ArrayList<>();
    guards.add(new Guard.NotPaused());
    guards.add(new Guard.DispatchUnchanged(index, step.dispatch()));
    if (index + 1 < workflow.steps().size()) {
      guards.add(new Guard.DispatchUnchanged(index + 1, workflow.step(index + 1).dispatch()));
    }
    List<TaskCommand> commands = new ArrayList<>();
    live.forEach(id -> commands.add(new TaskCommand.RevokeTask(id)));
    Decision decision =
        Lifecycle.decide(
            workflow,
            guards,
            new ArrayList<>(List.of(new Change.SetPausedAt(now))),
            observed,
            now,
            commands);
    return new PauseOutcome.Paused(
        decision,
        live.stream()
            .findFirst()
            .map(id -> new PauseOutcome.RevokedStep(id.value(), step.task(), step.name())));
  }

  static ResumeOutcome resume(Workflow workflow, ResumeRequest request, TaskRecords observed) {
    Optional<String> refusal = refusal(workflow, request, observed);
    if (refusal.isPresent()) {
      return new ResumeOutcome.NotResumable(refusal.get());
    }
    int pending = workflow.pendingStep(observed).orElseThrow();
    Step step = workflow.step(pending);
    List<Object> args =
        arguments(workflow, pending, request, observed)
            .orElseThrow(() -> new MissingResumeArgumentsException(workflow.id(), step.name()));
    Dispatch dispatch =
        Lifecycle.dispatch(
            workflow,
            pending,
            args,
            Lifecycle.startKwargs(workflow),
            request.taskId(),
            request.now(),
            Dispatch.RESUME,
            false);
    List<Guard> guards = new ArrayList<>();
    guards.add(new Guard.DispatchUnchanged(pending, step.dispatch()));
    if (!request.force()) {
      guards.add(new Guard.ResumeLockFree(request.now().minus(request.lease())));
    }
    List<TaskCommand> commands = new ArrayList<>();
    workflow
        .liveTasks(pending, observed)
        .forEach(id -> commands.add(new TaskCommand.RevokeTask(id)));
    commands.addAll(Lifecycle.send(workflow, pending, dispatch));
    List<Change> changes = new ArrayList<>();
    changes.add(new Change.SetPausedAt(null));
    changes.add(new Change.SetResumeLock(request.now()));
    changes.add(new Change.SetDispatch(pending, dispatch));
    Decision decision =
        Lifecycle.decide(workflow, guards, changes, observed, request.now(), commands);
    return new ResumeOutcome.Resumed(decision, step.name(), step.task());
  }

  private static Optional<String> refusal(
      Workflow workflow, ResumeRequest request, TaskRecords observed) {
    WorkflowStatus status = workflow.status(observed);
    if (workflow.pendingStep(observed).isEmpty()) {
      return Optional.of("workflow " + workflow.id() + " has already succeeded");
    }
    if (request.force()) {
      return Optional.empty();
    }
    if (!WorkflowStatus.EXCEPTION.contains(status)) {
      return Optional.of(
          "workflow "
              + workflow.id()
              + " is "
              + status
              + ", neither FAILURE nor REVOKED; use force to resume it anyway");
    }
    if (workflow.resumeLock() != null
        && workflow.resumeLock().isAfter(request.now().minus(request.lease()))) {
      return Optional.of(
          "workflow "
              + workflow.id()
              + " is being resumed since "
              + workflow.resumeLock()
              + "; the lock expires at "
              + workflow.resumeLock().plus(request.lease())
              + " unless a worker starts the step first; use force to resume it anyway");
    }
    return Optional.empty();
  }

  /**
   * The arguments to resume the pending step with, first found: the given ones; the last run's; the
   * step's dispatch; the previous step's result; the start arguments for step 1.
   */
  private static Optional<List<Object>> arguments(
      Workflow workflow, int pending, ResumeRequest request, TaskRecords observed) {
    if (request.args() != null) {
      Lifecycle.checkSize("args", request.args());
      return Optional.of(request.args());
    }
    Step step = workflow.step(pending);
    Optional<List<Object>> lastRunArgs =
        step.lastRun()
            .map(TaskRun::taskId)
            .flatMap(observed::find)
            .map(TaskRecord::args)
            .filter(args -> args != null);
    if (lastRunArgs.isPresent()) {
      return lastRunArgs;
    }
    if (step.dispatch() != null) {
      return Optional.of(step.dispatch().args());
    }
    if (pending > 0) {
      return workflow
          .step(pending - 1)
          .lastRun()
          .flatMap(run -> observed.find(run.taskId()))
          .flatMap(TaskRecord::nextStepArgs);
    }
    return Optional.ofNullable(workflow.startArgs());
  }
}
