package org.rhythm.ports.out;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;
import org.rhythm.domain.task.TaskId;

/**
 * A broker that passes every call on to another. A decorator extends it and overrides only what it
 * changes; starting and closing the broker it wraps stay with that broker's owner.
 */
public abstract class ForwardingBroker implements Broker {
  private final Broker broker;

  protected ForwardingBroker(Broker broker) {
    this.broker = requireNonNull(broker, "broker");
  }

  /** The broker every call goes on to. */
  protected final Broker broker() {
    return broker;
  }

  @Override
  public void publish(TaskMessage message) {
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
