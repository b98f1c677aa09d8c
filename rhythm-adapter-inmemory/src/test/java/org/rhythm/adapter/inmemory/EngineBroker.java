package org.rhythm.adapter.inmemory;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;

/**
 * A fake {@link Broker} (STYLE.md §11) for single-threaded engine runs: it records every message
 * the service publishes, with the step's dispatch record as stored at that moment (DESIGN.md §3.2
 * records it before publishing), and every revoked task id. Nothing is delivered: the test plays
 * the workers.
 */
final class EngineBroker implements Broker {

  /**
   * A published message, the index of its step, and the step's stored dispatch when it was
   * published.
   */
  record Published(TaskMessage message, int step, Dispatch dispatch) {
    /** The cause of the stored dispatch, or null when the message had none. */
    String cause() {
      return dispatch == null ? null : dispatch.cause();
    }
  }

  private final ResultStore store;
  private final List<Published> published = new ArrayList<>();
  private final Map<TaskId, Published> byTaskId = new HashMap<>();
  private final Set<TaskId> revoked = new LinkedHashSet<>();

  EngineBroker(ResultStore store) {
    this.store = requireNonNull(store, "store");
  }

  @Override
  public void publish(TaskMessage message) {
    Workflow workflow =
        message
            .workflowId()
            .flatMap(store::find)
            .orElseThrow(
                () -> new AssertionError("published a message of no stored workflow: " + message));
    int step =
        message
            .stepName()
            .flatMap(name -> boxed(workflow.stepIndex(name)))
            .orElseThrow(() -> new AssertionError("published a message of no step: " + message));
    Dispatch dispatch = workflow.step(step).dispatch();
    boolean recorded = dispatch != null && dispatch.taskId().equals(message.taskId());
    Published entry = new Published(message, step, recorded ? dispatch : null);
    published.add(entry);
    byTaskId.putIfAbsent(message.taskId(), entry);
  }

  @Override
  public void revoke(TaskId taskId) {
    revoked.add(requireNonNull(taskId, "taskId"));
  }

  @Override
  public Subscription consume(String queue, int prefetch, Consumer<Delivery> handler) {
    throw new UnsupportedOperationException("the engine properties play the workers themselves");
  }

  @Override
  public Subscription onRevoke(Consumer<TaskId> listener) {
    throw new UnsupportedOperationException("the engine properties play the workers themselves");
  }

  List<Published> published() {
    return Collections.unmodifiableList(published);
  }

  boolean isRevoked(TaskId taskId) {
    return revoked.contains(taskId);
  }

  /** The first publication of this task id. */
  Optional<Published> find(TaskId taskId) {
    return Optional.ofNullable(byTaskId.get(taskId));
  }

  /** The step whose message carried this task id, if it was published. */
  OptionalInt stepOf(TaskId taskId) {
    return find(taskId).map(p -> OptionalInt.of(p.step())).orElse(OptionalInt.empty());
  }

  private static Optional<Integer> boxed(OptionalInt value) {
    return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
  }
}
