package org.rhythm.app.cli;

import java.util.concurrent.Callable;
import org.rhythm.domain.workflow.WorkflowId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rhythm delete ID}: deletes a workflow, revoking its running task first. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = "Delete a workflow; its running task is revoked first.")
final class DeleteCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Parameters(paramLabel = "ID", description = "the workflow's id")
  String id;

  @Mixin TargetOptions target = new TargetOptions();

  DeleteCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    WorkflowId workflow = WorkflowId.of(id);
    try (WorkflowClient client = target.open(invocation)) {
      client.delete(workflow);
    }
    invocation.out().println("deleted " + workflow);
    return RhythmCli.OK;
  }
}
