package org.rhythm.app.cli;

import java.util.concurrent.Callable;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.ResumeResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rhythm resume ID}: runs the pending step again; exits 1 when refused, saying why. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Resume a paused or failed workflow.",
      "",
      "Its failed or revoked step runs again with its previous arguments, then the rest"
          + " continues.",
      "Exits 1 when the resume is refused (the step still runs, or another resume holds the lock)."
    })
final class ResumeCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Parameters(paramLabel = "ID", description = "the workflow's id")
  String id;

  @Option(
      names = "--force",
      description =
          "resume even a running step (its task is revoked first) or one another resume holds")
  boolean force;

  @Mixin TargetOptions target = new TargetOptions();

  ResumeCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    WorkflowId workflow = WorkflowId.of(id);
    ResumeResult result;
    try (WorkflowClient client = target.open(invocation)) {
      result = client.resume(workflow, force);
    }
    if (result.restartedStep().isEmpty()) {
      invocation.err().println("rhythm: not resumed: " + result.reason());
      return RhythmCli.FAILED;
    }
    ResumeResult.RestartedStep step = result.restartedStep().get();
    invocation
        .out()
        .println(
            "resumed "
                + workflow
                + ": restarted step '"
                + step.name()
                + "' (task "
                + step.task()
                + ")");
    return RhythmCli.OK;
  }
}
