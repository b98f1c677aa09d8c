package org.rhythm.app.metrics;

import static java.util.Objects.requireNonNull;

import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ForwardingBroker;
import org.rhythm.ports.out.TaskMessage;

/**
 * The broker the workflow service publishes through, noting when each task message was published so
 * that a worker of this process starting it gives {@code rhythm.dispatch.latency}. Everything else
 * goes to the broker unchanged; starting and closing it stays with its owner.
 */
public final class TimedBroker extends ForwardingBroker {
  private final TaskMeters meters;

  public TimedBroker(Broker broker, TaskMeters meters) {
    super(broker);
    this.meters = requireNonNull(meters, "meters");
  }

  /** Noted before publishing: a worker may start the task before publish returns. */
  @Override
  public void publish(TaskMessage message) {
    meters.dispatching(message);
    super.publish(message);
  }
}
