package org.rhythm.app.cli;

import java.util.concurrent.Callable;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.PauseResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rhythm pause ID}: stops the running step; exits 1 when there was nothing to pause. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Pause a workflow.",
      "",
      "Its running task is revoked (terminated) and no further step starts.",
      "Exits 1 when the workflow is finished or already paused."
    })
final class PauseCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Parameters(paramLabel = "ID", description = "the workflow's id")
  String id;

  @Mixin TargetOptions target = new TargetOptions();

  PauseCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    WorkflowId workflow = WorkflowId.of(id);
    PauseResult result;
    try (WorkflowClient client = target.open(invocation)) {
      result = client.pause(workflow);
    }
    if (!result.paused()) {
      invocation
          .err()
          .println(
              "rhythm: workflow " + workflow + " was not paused: it is done or already paused");
      return RhythmCli.FAILED;
    }
    invocation
        .out()
        .println(
            "paused "
                + workflow
                + result
                    .revokedStep()
                    .map(
                        step -> ": revoked step '" + step.name() + "' (task " + step.taskId() + ")")
                    .orElse(" between two steps"));
    return RhythmCli.OK;
  }
}
