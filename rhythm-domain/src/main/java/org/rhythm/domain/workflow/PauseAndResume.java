package org.rhythm.domain.workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;

/** Pause (DESIGN.md §3.6) and resume (§3.7) as pure decisions. */
final class PauseAndResume {
  private PauseAndResume() {}

  static PauseOutcome pause(Workflow workflow, TaskRecords observed, Instant now) {
    WorkflowStatus status = workflow.status(observed);
    OptionalInt pending = workflow.pendingStep(observed);
    List<Integer> live = stepsWithLiveTasks(workflow, pending, observed);
    // A done workflow has nothing to pause, unless a resume's task is still live (sent, not
    // started);
    // a workflow whose every step succeeded is never paused.
    if (workflow.isPaused()
        || status.equals(WorkflowStatus.SUCCESS)
        || (status.isDone() && live.isEmpty())) {
      return new PauseOutcome.NothingToPause(status);
    }
    // The dispatches of the pending step, the next one and every step with a live task must not
    // change between this decision and its application: an advance or a resume applied in between
    // would send a task this pause does not revoke.
    Set<Integer> guarded = new TreeSet<>(live);
    pending.ifPresent(
        index -> {
          guarded.add(index);
          if (index + 1 < workflow.steps().size()) {
            guarded.add(index + 1);
          }
        });
    List<Guard> guards = new ArrayList<>();
    guards.add(new Guard.NotPaused());
    guarded.forEach(
        index -> guards.add(new Guard.DispatchUnchanged(index, workflow.step(index).dispatch())));
    List<TaskCommand> commands = new ArrayList<>();
    live.forEach(index -> commands.addAll(revocations(workflow, index, observed, now)));
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
            .map(
                index -> {
                  Step step = workflow.step(index);
                  TaskId revoked = workflow.liveTasks(index, observed).get(0);
                  return new PauseOutcome.RevokedStep(revoked.value(), step.task(), step.name());
                }));
  }

  /**
   * The steps that have a live task, the pending step first. Only the pending step has one in a
   * workflow run by its rules alone; a task superseded by a forced resume that succeeded anyway can
   * leave the newer dispatch live on an earlier step.
   */
  private static List<Integer> stepsWithLiveTasks(
      Workflow workflow, OptionalInt pending, TaskRecords observed) {
    List<Integer> steps = new ArrayList<>();
    pending.ifPresent(
        index -> {
          if (!workflow.liveTasks(index, observed).isEmpty()) {
            steps.add(index);
          }
        });
    for (int index = 0; index < workflow.steps().size(); index++) {
      if (!steps.contains(index) && !workflow.liveTasks(index, observed).isEmpty()) {
        steps.add(index);
      }
    }
    return steps;
  }

  /**
   * The commands that stop the live tasks of a step: each is revoked, and a dispatch that has not
   * started is also recorded REVOKED, so that a worker that missed the broadcast refuses it.
   */
  static List<TaskCommand> revocations(
      Workflow workflow, int index, TaskRecords observed, Instant now) {
    Step step = workflow.step(index);
    List<TaskCommand> commands = new ArrayList<>();
    for (TaskId id : workflow.liveTasks(index, observed)) {
      if (!step.hasRun(id) && step.dispatch() != null && step.dispatch().taskId().equals(id)) {
        commands.add(new TaskCommand.MarkRevoked(revokedBeforeStart(step, now)));
      }
      commands.add(new TaskCommand.RevokeTask(id));
    }
    return commands;
  }

  private static TaskRecord revokedBeforeStart(Step step, Instant now) {
    Dispatch dispatch = step.dispatch();
    return new TaskRecord(
        dispatch.taskId(),
        TaskState.REVOKED,
        TaskFailure.revokedBeforeStart().toJson(),
        null,
        now,
        null,
        step.task(),
        dispatch.args(),
        dispatch.kwargs(),
        null,
        0,
        step.queue());
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
    for (int index = 0; index < workflow.steps().size(); index++) {
      commands.addAll(revocations(workflow, index, observed, request.now()));
    }
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
