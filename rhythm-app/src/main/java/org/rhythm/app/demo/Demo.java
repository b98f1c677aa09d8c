package org.rhythm.app.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * The demo: two runs of inspect → archive → stage. The archive of batch-A fails once and is
 * resumed; batch-B is paused while archiving and resumed. Progress is drawn live; the demo ends
 * when both succeed, or fails after a deadline.
 */
public final class Demo {
  private static final String QUEUE = "demo";
  private static final Duration DEADLINE = Duration.ofSeconds(50);
  private static final Duration PAUSE_LENGTH = Duration.ofMillis(1500);

  private final Screen screen;
  private final long millisPerItem;

  public Demo(PrintStream out, boolean ansi, long millisPerItem) {
    this.screen = new Screen(out, ansi);
    this.millisPerItem = millisPerItem;
  }

  /** Runs the demo; returns the exit code: 0 when both workflows succeeded. */
  public int run() throws InterruptedException {
    DemoTasks tasks = new DemoTasks(millisPerItem);
    try (RhythmApp rhythm = RhythmMain.inMemory()) {
      rhythm.startWorker(WorkerSettings.of("demo@localhost", List.of(QUEUE), 4), tasks.registry());
      WorkflowSpec spec = spec();
      Map<String, WorkflowId> runs = new LinkedHashMap<>();
      runs.put("batch-A", rhythm.commands().create(spec));
      runs.put("batch-B", rhythm.commands().create(spec));
      tasks.failNextArchiveOf("batch-A");
      screen.event("created two runs of 'archive_batch' (inspect -> archive -> stage)");
      runs.forEach((label, id) -> rhythm.commands().start(id, List.of(label), Map.of()));
      Script script = new Script(rhythm.commands(), runs, screen, PAUSE_LENGTH);
      boolean succeeded = drive(rhythm, runs, script);
      screen.finish();
      for (Map.Entry<String, WorkflowId> run : runs.entrySet()) {
        WorkflowView view = rhythm.queries().view(run.getValue(), ViewOptions.DEFAULT);
        screen.line(
            String.format(
                "%s  %s  %s  steps %d/%d",
                run.getKey(), view.id(), view.status(), view.stepsDone(), view.totalSteps()));
      }
      return succeeded ? 0 : 1;
    }
  }

  private boolean drive(RhythmApp rhythm, Map<String, WorkflowId> runs, Script script)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, WorkflowView> views = new LinkedHashMap<>();
      runs.forEach((label, id) -> views.put(label, rhythm.queries().view(id, ViewOptions.DEFAULT)));
      script.react(views);
      screen.draw(
          views.entrySet().stream().map(e -> ProgressLine.of(e.getKey(), e.getValue())).toList());
      if (views.values().stream().allMatch(v -> v.status().equals(WorkflowStatus.SUCCESS))) {
        return true;
      }
      Thread.sleep(50);
    }
    screen.event("the demo did not finish within " + DEADLINE.toSeconds() + " s");
    return false;
  }

  private static WorkflowSpec spec() {
    return new WorkflowSpec(
        "archive_batch",
        "rhythm-demo",
        "inspect, archive and stage a dataset",
        List.of(
            StepSpec.of("inspect", DemoTasks.INSPECT).onQueue(QUEUE),
            StepSpec.of("archive", DemoTasks.ARCHIVE).onQueue(QUEUE),
            StepSpec.of("stage", DemoTasks.STAGE).onQueue(QUEUE)));
  }
}
