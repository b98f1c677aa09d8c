package org.rhythm.app.metrics;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;
import org.rhythm.domain.task.TaskId;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;

/**
 * The broker the workflow service publishes through, noting when each task message was published so
 * that a worker of this process starting it gives {@code rhythm.dispatch.latency}. Everything else
 * goes to the broker unchanged; starting and closing it stays with its owner.
 */
public final class TimedBroker implements Broker {
  private final Broker broker;
  private final TaskMeters meters;

  public TimedBroker(Broker broker, TaskMeters meters) {
    this.broker = requireNonNull(broker, "broker");
    this.meters = requireNonNull(meters, "meters");
  }

  /** Noted before publishing: a worker may start the task before publish returns. */
  @Override
  public void publish(TaskMessage message) {
    meters.dispatching(message);
    broker.publish(message);
  }

  @Override
  public void revoke(TaskId taskId) {
    broker.revoke(taskId);
  }

  @Override
  public Subscription consume(String queue, int prefetch, Consumer<Delivery> handler) {
    return broker.consume(queue, prefetch, handler);
  }

  @Override
  public Subscription onRevoke(Consumer<TaskId> listener) {
    return broker.onRevoke(listener);
  }
}
