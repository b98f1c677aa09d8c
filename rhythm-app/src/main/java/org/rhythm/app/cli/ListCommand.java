package org.rhythm.app.cli;

import java.util.concurrent.Callable;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.in.WorkflowViewPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rhythm list}: the newest workflows as a table. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = "Print the newest workflows as a table.")
final class ListCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description =
          "only these: ${COMPLETION-CANDIDATES} (ACTIVE: PENDING or STARTED; DONE: SUCCESS,"
              + " FAILURE or REVOKED; EXCEPTION: FAILURE or REVOKED)")
  StatusFilter status;

  @Option(names = "--limit", paramLabel = "N", description = "the most workflows to print")
  int limit = 20;

  @Mixin TargetOptions target = new TargetOptions();

  ListCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new UsageException("--limit is at least 1, not " + limit);
    }
    WorkflowViewPage page;
    try (WorkflowClient client = target.open(invocation)) {
      page = client.list(status == null ? null : status.name(), limit);
    }
    if (page.results().isEmpty()) {
      invocation.out().println("no workflows" + (status == null ? "" : " " + status));
      return RhythmCli.OK;
    }
    Table table = new Table("ID", "NAME", "APP", "STATUS", "STEPS", "CREATED");
    for (WorkflowView view : page.results()) {
      table.row(
          view.id(),
          view.name(),
          view.appId(),
          view.paused() ? view.status() + " (paused)" : view.status(),
          view.stepsDone() + "/" + view.totalSteps(),
          Table.time(view.createdAt()));
    }
    table.print(invocation.out());
    invocation.out().println(page.results().size() + " of " + page.total() + " workflows");
    return RhythmCli.OK;
  }
}
