package org.rhythm.app.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rhythm.app.demo.ProgressLine;
import org.rhythm.app.demo.Screen;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.WorkflowView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rhythm watch ID}: a progress bar per step, redrawn until the workflow ends (SUCCESS,
 * FAILURE or REVOKED); on a terminal in place, otherwise as lines printed when they change.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Draw a live progress bar per step until the workflow ends.",
      "",
      "Exits 0 when it ends in SUCCESS, 1 when in FAILURE or REVOKED (paused)."
    })
final class WatchCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Parameters(paramLabel = "ID", description = "the workflow's id")
  String id;

  @Option(names = "--every", paramLabel = "PERIOD", description = "how often to look")
  Duration every = Duration.ofMillis(250);

  @Option(
      names = "--plain",
      description = "print lines when they change instead of redrawing (so when not a terminal)")
  boolean plain;

  @Mixin TargetOptions target = new TargetOptions();

  WatchCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() throws InterruptedException {
    boolean ansi = System.console() != null && !plain;
    Screen screen = new Screen(invocation.out(), ansi);
    WorkflowView view;
    try (WorkflowClient client = target.open(invocation)) {
      view = client.view(WorkflowId.of(id));
      screen.draw(lines(view));
      while (!view.status().isDone()) {
        Thread.sleep(every.toMillis());
        view = client.view(view.id());
        screen.draw(lines(view));
      }
    }
    screen.drawNow(lines(view));
    screen.finish();
    boolean succeeded = view.status().equals(WorkflowStatus.SUCCESS);
    screen.line(
        "workflow "
            + view.id()
            + " ended "
            + view.status()
            + (view.paused() ? " (paused)" : "")
            + ", "
            + view.stepsDone()
            + " of "
            + view.totalSteps()
            + " steps done");
    return succeeded ? RhythmCli.OK : RhythmCli.FAILED;
  }

  static List<String> lines(WorkflowView view) {
    List<String> lines = new ArrayList<>();
    lines.add(ProgressLine.of(view.name(), view));
    int width = view.steps().stream().mapToInt(step -> step.name().length()).max().orElse(1);
    for (StepView step : view.steps()) {
      lines.add("  " + ProgressLine.ofStep(step, width));
    }
    return lines;
  }
}
