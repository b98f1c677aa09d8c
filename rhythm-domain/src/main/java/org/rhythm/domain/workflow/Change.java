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

  /** Makes this change in a draft of the workflow. */
  void applyTo(WorkflowDraft draft);

  /** The workflow with this change made. */
  default Workflow applyTo(Workflow workflow) {
    WorkflowDraft draft = new WorkflowDraft(workflow);
    applyTo(draft);
    return draft.build();
  }

  /** Appends a run to the step's {@code task_runs}. */
  record AppendTaskRun(int step, TaskRun run) implements Change {
    public AppendTaskRun {
      requireNonNull(run, "run");
    }

    @Override
    public void applyTo(WorkflowDraft draft) {
      draft.step(step, draft.step(step).withRun(run));
    }
  }

  /** Sets the step's dispatch record. */
  record SetDispatch(int step, Dispatch dispatch) implements Change {
    public SetDispatch {
      requireNonNull(dispatch, "dispatch");
    }

    @Override
    public void applyTo(WorkflowDraft draft) {
      draft.step(step, draft.step(step).withDispatch(dispatch));
    }
  }

  /** Sets the step's last heartbeat from a Java worker. */
  record SetHeartbeat(int step, Heartbeat heartbeat) implements Change {
    public SetHeartbeat {
      requireNonNull(heartbeat, "heartbeat");
    }

    @Override
    public void applyTo(WorkflowDraft draft) {
      draft.step(step, draft.step(step).withHeartbeat(heartbeat));
    }
  }

  /** Sets the cached status {@code _status}. */
  record SetStatus(WorkflowStatus status) implements Change {
    public SetStatus {
      requireNonNull(status, "status");
    }

    @Override
    public void applyTo(WorkflowDraft draft) {
      draft.storedStatus(status);
    }
  }

  /** Sets the resume lock, or releases it when {@code at} is null. */
  record SetResumeLock(Instant at) implements Change {
    @Override
    public void applyTo(WorkflowDraft draft) {
      draft.resumeLock(at);
    }
  }

  /** Sets the pause, or clears it when {@code at} is null. */
  record SetPausedAt(Instant at) implements Change {
    @Override
    public void applyTo(WorkflowDraft draft) {
      draft.pausedAt(at);
    }
  }

  /** Records the arguments the workflow was started with. */
  record SetStartArguments(List<Object> args, Map<String, Object> kwargs) implements Change {
    public SetStartArguments {
      args = Json.copyList(args);
      kwargs = Json.copyObject(kwargs);
    }

    @Override
    public void applyTo(WorkflowDraft draft) {
      draft.startArguments(args, kwargs);
    }
  }

  /** Sets {@code updated_at}. */
  record SetUpdatedAt(Instant at) implements Change {
    public SetUpdatedAt {
      requireNonNull(at, "at");
    }

    @Override
    public void applyTo(WorkflowDraft draft) {
      draft.updatedAt(at);
    }
  }
}
