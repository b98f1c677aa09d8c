package org.rhythm.app.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.TaskRunView;
import org.rhythm.ports.in.WorkflowView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rhythm status ID}: a workflow's status and a table of its steps. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = "Print a workflow's status and a table of its steps.")
final class StatusCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Parameters(paramLabel = "ID", description = "the workflow's id")
  String id;

  @Mixin TargetOptions target = new TargetOptions();

  StatusCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    WorkflowView view;
    try (WorkflowClient client = target.open(invocation)) {
      view = client.view(WorkflowId.of(id));
    }
    print(view, invocation.out());
    return RhythmCli.OK;
  }

  static void print(WorkflowView view, PrintStream out) {
    out.println("workflow  " + view.id());
    out.println("name      " + view.name() + " (app " + view.appId() + ")");
    out.println(
        "status    "
            + view.status()
            + ", "
            + view.stepsDone()
            + " of "
            + view.totalSteps()
            + " steps done"
            + (view.paused() ? ", paused" : ""));
    out.println(
        "created   " + Table.time(view.createdAt()) + "   updated " + Table.time(view.updatedAt()));
    out.println();
    Table steps = new Table("STEP", "TASK", "STATUS", "STARTED", "FINISHED", "PROGRESS");
    for (StepView step : view.steps()) {
      TaskRunView run = step.lastTaskRun();
      TaskRecord record = run == null ? null : run.record();
      steps.row(
          step.name(),
          step.task(),
          step.status(),
          run == null ? null : Table.time(run.dateStart()),
          record == null ? null : Table.time(record.dateDone()),
          progress(record));
    }
    steps.print(out);
  }

  /** The running task's last progress report: done/total units and percent. */
  private static String progress(TaskRecord record) {
    if (record == null
        || !(record.result() instanceof Map<?, ?> report)
        || !(report.get("fraction_done") instanceof Number fraction)) {
      return null;
    }
    String percent = String.format(Locale.ROOT, "%.0f%%", fraction.doubleValue() * 100);
    if (report.get("done") instanceof Number done && report.get("total") instanceof Number total) {
      return String.format(
          Locale.ROOT,
          "%.0f/%.0f %s (%s)",
          done.doubleValue(),
          total.doubleValue(),
          report.get("units"),
          percent);
    }
    return percent;
  }
}
