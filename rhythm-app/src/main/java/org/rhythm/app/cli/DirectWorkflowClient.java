package org.rhythm.app.cli;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import org.rhythm.app.RhythmApp;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowNotFoundException;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.in.WorkflowViewPage;
import org.rhythm.ports.out.WorkflowQuery;

/**
 * The workflow commands on the configured store and broker, through a {@link RhythmApp} of this
 * process ({@code --direct}): no server needed, every change as guarded as the server's.
 */
final class DirectWorkflowClient implements WorkflowClient {
  private final RhythmApp app;

  DirectWorkflowClient(RhythmApp app) {
    this.app = requireNonNull(app, "app");
  }

  @Override
  public WorkflowId start(byte[] definition) {
    SpecFile file = SpecFile.parse(definition);
    WorkflowId id = app.commands().create(file.spec());
    app.commands().start(id, file.args(), Map.of());
    return id;
  }

  @Override
  public WorkflowView view(WorkflowId id) {
    return app.queries().view(id, ViewOptions.DEFAULT);
  }

  @Override
  public WorkflowViewPage list(String status, int limit) {
    Set<WorkflowStatus> statuses =
        status == null ? Set.of() : StatusFilter.valueOf(status).statuses();
    return app.queries()
        .list(new WorkflowQuery(null, statuses, null, null, 0, limit, false), ViewOptions.DEFAULT);
  }

  @Override
  public PauseResult pause(WorkflowId id) {
    return app.commands().pause(id);
  }

  @Override
  public ResumeResult resume(WorkflowId id, boolean force) {
    return app.commands().resume(id, force, null);
  }

  @Override
  public void delete(WorkflowId id) {
    if (!app.commands().delete(id, false)) {
      throw new WorkflowNotFoundException(id);
    }
  }

  @Override
  public void close() {
    app.close();
  }
}
