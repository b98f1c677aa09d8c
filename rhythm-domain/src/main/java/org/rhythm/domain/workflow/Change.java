package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskRun;

/**
 * One targeted change of a stored workflow: append one element or set one field, never a
 * whole-document write (DESIGN.md §2.1). Steps are named by their index.
 */
public sealed interface Change {

  /** The workflow with this change made. */
  Workflow applyTo(Workflow workflow);

  /** Appends a run to the step's {@code task_runs}. */
  record AppendTaskRun(int step, TaskRun run) implements Change {
    public AppendTaskRun {
      requireNonNull(run, "run");
    }

    @Override
    public Workflow applyTo(Workflow workflow) {
      return workflow.withStep(step, workflow.step(step).withRun(run));
    }
  }

  /** Sets the step's dispatch record. */
  record SetDispatch(int step, Dispatch dispatch) implements Change {
    public SetDispatch {
      requireNonNull(dispatch, "dispatch");
    }

    @Override
    public Workflow applyTo(Workflow workflow) {
      return workflow.withStep(step, workflow.step(step).withDispatch(dispatch));
    }
  }

  /** Sets the step's last heartbeat from a Java worker. */
  record SetHeartbeat(int step, Heartbeat heartbeat) implements Change {
    public SetHeartbeat {
      requireNonNull(heartbeat, "heartbeat");
    }

    @Override
    public Workflow applyTo(Workflow workflow) {
      return workflow.withStep(step, workflow.step(step).withHeartbeat(heartbeat));
    }
  }

  /** Sets the cached status {@code _status}. */
  record SetStatus(WorkflowStatus status) implements Change {
    public SetStatus {
      requireNonNull(status, "status");
    }

    @Override
    public Workflow applyTo(Workflow workflow) {
      return workflow.withStoredStatus(status);
    }
  }

  /** Sets the resume lock, or releases it when {@code at} is null. */
  record SetResumeLock(Instant at) implements Change {
    @Override
    public Workflow applyTo(Workflow workflow) {
      return workflow.withResumeLock(at);
    }
  }

  /** Sets the pause, or clears it when {@code at} is null. */
  record SetPausedAt(Instant at) implements Change {
    @Override
    public Workflow applyTo(Workflow workflow) {
      return workflow.withPausedAt(at);
    }
  }

  /** Records the arguments the workflow was started with. */
  record SetStartArguments(List<Object> args, Map<String, Object> kwargs) implements Change {
    public SetStartArguments {
      args = Json.copyList(args);
      kwargs = Json.copyObject(kwargs);
    }

    @Override
    public Workflow applyTo(Workflow workflow) {
      return workflow.withStartArguments(args, kwargs);
    }
  }

  /** Sets {@code updated_at}. */
  record SetUpdatedAt(Instant at) implements Change {
    public SetUpdatedAt {
      requireNonNull(at, "at");
    }

    @Override
    public Workflow applyTo(Workflow workflow) {
      return workflow.withUpdatedAt(at);
    }
  }
}
