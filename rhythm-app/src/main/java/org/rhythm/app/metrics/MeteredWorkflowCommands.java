package org.rhythm.app.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.WorkflowCommands;

/**
 * The workflow commands, passed on unchanged and counted once they return: {@code
 * rhythm.workflow.creations}, {@code rhythm.workflow.starts}, {@code rhythm.workflow.deletions},
 * {@code rhythm.pauses{outcome=paused|not_paused}} and {@code
 * rhythm.resumes{outcome=resumed|refused}}. A command that throws is not counted.
 */
public final class MeteredWorkflowCommands implements WorkflowCommands {
  private final WorkflowCommands commands;
  private final Counter created;
  private final Counter started;
  private final Counter deleted;
  private final Counter paused;
  private final Counter notPaused;
  private final Counter resumed;
  private final Counter refused;

  public MeteredWorkflowCommands(WorkflowCommands commands, MeterRegistry registry) {
    this.commands = requireNonNull(commands, "commands");
    this.created = counter(registry, "rhythm.workflow.creations", "Workflows created here");
    this.started = counter(registry, "rhythm.workflow.starts", "Workflows started here");
    this.deleted = counter(registry, "rhythm.workflow.deletions", "Workflows deleted here");
    this.paused = outcome(registry, "rhythm.pauses", "paused", "Pause requests answered here");
    this.notPaused =
        outcome(registry, "rhythm.pauses", "not_paused", "Pause requests answered here");
    this.resumed = outcome(registry, "rhythm.resumes", "resumed", "Resume requests answered here");
    this.refused = outcome(registry, "rhythm.resumes", "refused", "Resume requests answered here");
  }

  @Override
  public WorkflowId create(WorkflowSpec spec) {
    WorkflowId id = commands.create(spec);
    created.increment();
    return id;
  }

  @Override
  public void start(WorkflowId id, List<Object> args, Map<String, Object> kwargs) {
    commands.start(id, args, kwargs);
    started.increment();
  }

  @Override
  public PauseResult pause(WorkflowId id) {
    PauseResult result = commands.pause(id);
    (result.paused() ? paused : notPaused).increment();
    return result;
  }

  @Override
  public ResumeResult resume(WorkflowId id, boolean force, List<Object> args) {
    ResumeResult result = commands.resume(id, force, args);
    (result.resumed() ? resumed : refused).increment();
    return result;
  }

  @Override
  public boolean delete(WorkflowId id, boolean withTasks) {
    boolean existed = commands.delete(id, withTasks);
    if (existed) {
      deleted.increment();
    }
    return existed;
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private static Counter outcome(
      MeterRegistry registry, String name, String outcome, String description) {
    return Counter.builder(name)
        .description(description)
        .tag("outcome", outcome)
        .register(registry);
  }
}
