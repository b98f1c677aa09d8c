package org.rhythm.app.demo;

import java.time.Duration;
import java.util.Map;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.WorkflowCommands;
import org.rhythm.ports.in.WorkflowView;

/**
 * What the demo's operator does as the runs go: resume batch-A when it fails, pause and resume
 * batch-B.
 */
final class Script {
  private final WorkflowCommands commands;
  private final WorkflowId failing;
  private final WorkflowId pausing;
  private final Screen screen;
  private final Duration pauseLength;
  private boolean resumedFailure;
  private long pausedAt;
  private boolean resumedPause;

  Script(
      WorkflowCommands commands,
      Map<String, WorkflowId> runs,
      Screen screen,
      Duration pauseLength) {
    this.commands = commands;
    this.failing = runs.get("batch-A");
    this.pausing = runs.get("batch-B");
    this.screen = screen;
    this.pauseLength = pauseLength;
  }

  void react(Map<String, WorkflowView> views) {
    WorkflowView a = views.get("batch-A");
    if (!resumedFailure && a.status().equals(WorkflowStatus.FAILURE)) {
      screen.event("batch-A: step '" + pendingName(a) + "' failed: " + failureOf(a));
      ResumeResult result = commands.resume(failing, false, null);
      screen.event("batch-A: resume -> " + describe(result));
      resumedFailure = result.resumed();
    }
    WorkflowView b = views.get("batch-B");
    if (pausedAt == 0 && isArchiving(b)) {
      PauseResult result = commands.pause(pausing);
      screen.event(
          "batch-B: pause -> paused="
              + result.paused()
              + result.revokedStep().map(s -> ", revoked step '" + s.name() + "'").orElse(""));
      pausedAt = System.nanoTime();
    }
    if (pausedAt != 0 && !resumedPause && System.nanoTime() - pausedAt > pauseLength.toNanos()) {
      ResumeResult result = commands.resume(pausing, false, null);
      screen.event("batch-B: resume after " + b.status() + " -> " + describe(result));
      resumedPause = result.resumed();
    }
  }

  private static boolean isArchiving(WorkflowView view) {
    if (view.stepsDone() != 1) {
      return false;
    }
    StepView archive = view.steps().get(1);
    return archive.status().equals(TaskState.STARTED) && archive.lastTaskRun() != null;
  }

  private static String pendingName(WorkflowView view) {
    return view.steps().get(view.stepsDone()).name();
  }

  private static Object failureOf(WorkflowView view) {
    StepView step = view.steps().get(view.stepsDone());
    if (step.lastTaskRun() == null || step.lastTaskRun().record() == null) {
      return "unknown";
    }
    Object result = step.lastTaskRun().record().result();
    return result instanceof Map<?, ?> failure
        ? failure.get("exc_type") + " " + failure.get("exc_message")
        : result;
  }

  private static String describe(ResumeResult result) {
    return result.resumed()
        ? "restarted step '" + result.restartedStep().orElseThrow().name() + "'"
        : "refused: " + result.reason();
  }
}
