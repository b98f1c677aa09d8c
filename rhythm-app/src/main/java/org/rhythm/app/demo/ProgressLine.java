package org.rhythm.app.demo;

import java.util.Locale;
import java.util.Map;
import org.rhythm.domain.progress.ProgressReport;
import org.rhythm.domain.task.TaskState;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.WorkflowView;

/**
 * One workflow, or one of its steps, as a line of text: status, a progress bar and the running
 * step's ETA. Used by the demo and by {@code rhythm watch}.
 */
public final class ProgressLine {
  private static final int WIDTH = 24;

  private ProgressLine() {}

  /** The workflow's line: its status, the bar of all its steps, the running step's progress. */
  public static String of(String label, WorkflowView view) {
    int total = view.totalSteps();
    int done = view.stepsDone();
    if (done >= total) {
      return String.format(Locale.ROOT, "%-8s %-8s %s done", label, view.status(), bar(1.0));
    }
    StepView step = view.steps().get(done);
    Map<?, ?> progress = progressOf(step);
    double fraction = number(progress, "fraction_done", 0.0);
    double overall = (done + fraction) / total;
    String detail = "";
    if (progress != null && progress.get("total") != null) {
      detail =
          String.format(
              Locale.ROOT,
              "%3.0f/%.0f %s  %s",
              number(progress, "done", 0.0),
              number(progress, "total", 0.0),
              progress.get("units"),
              eta(number(progress, "time_remaining_sec", ProgressReport.UNKNOWN_ETA)));
    }
    return String.format(
        Locale.ROOT,
        "%-8s %-8s %s step %d/%d %-8s %3.0f%%  %s",
        label,
        view.paused() ? "PAUSED" : view.status().name(),
        bar(overall),
        done + 1,
        total,
        step.name(),
        fraction * 100,
        detail);
  }

  /**
   * One step's line: its name padded to {@code nameWidth}, its status and its own bar; full once it
   * succeeded, else as far as its last progress report says.
   */
  public static String ofStep(StepView step, int nameWidth) {
    Map<?, ?> progress = progressOf(step);
    boolean succeeded = step.status().equals(TaskState.SUCCESS);
    double fraction = succeeded ? 1.0 : number(progress, "fraction_done", 0.0);
    String detail = "";
    if (!succeeded && progress != null && progress.get("total") != null) {
      detail =
          String.format(
              Locale.ROOT,
              "  %.0f/%.0f %s  %s",
              number(progress, "done", 0.0),
              number(progress, "total", 0.0),
              progress.get("units"),
              eta(number(progress, "time_remaining_sec", ProgressReport.UNKNOWN_ETA)));
    }
    return String.format(
        Locale.ROOT,
        "%-" + Math.max(1, nameWidth) + "s %-8s %s %3.0f%%%s",
        step.name(),
        step.status().name(),
        bar(fraction),
        fraction * 100,
        detail);
  }

  private static Map<?, ?> progressOf(StepView step) {
    if (step.lastTaskRun() == null || step.lastTaskRun().record() == null) {
      return null;
    }
    Object result = step.lastTaskRun().record().result();
    return result instanceof Map<?, ?> map && map.containsKey("fraction_done") ? map : null;
  }

  private static double number(Map<?, ?> progress, String key, double otherwise) {
    if (progress != null && progress.get(key) instanceof Number number) {
      return number.doubleValue();
    }
    return otherwise;
  }

  private static String eta(double seconds) {
    return seconds >= ProgressReport.UNKNOWN_ETA
        ? "ETA --"
        : String.format(Locale.ROOT, "ETA %.1f s", seconds);
  }

  private static String bar(double fraction) {
    int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH);
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
  }
}
