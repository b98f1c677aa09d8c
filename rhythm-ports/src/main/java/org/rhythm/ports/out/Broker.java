package org.rhythm.ports.out;

import java.util.function.Consumer;
import org.rhythm.domain.task.TaskId;

/**
 * Carries task messages from the service to workers, and revocations to every worker.
 * Implementations are thread-safe.
 */
public interface Broker {

  /**
   * Publishes a task message to its queue. When this returns, the message is stored by the broker
   * and will be delivered to a consumer of that queue, higher priorities first (0–9, or coarser
   * bands of them) and, within a priority, in the order published; a broker that spreads a queue
   * over partitions keyed by workflow id keeps that order among the messages of one workflow only
   * (the broker contract's {@code keepsOrderAcrossWorkflows} capability). Publishing the same task
   * id twice gives two deliveries; deduplication is the receiver's concern.
   *
   * <p>A broker may instead return earlier when called from one of its delivery handlers, provided
   * an {@link Delivery#ack} made afterwards by that handler takes effect only once the message is
   * stored, and puts the delivery back on its queue when it cannot be: the message handed over is
   * then as safe as if this had waited. {@link PendingPublications} keeps what is pending.
   *
   * @throws TransientFailureException when the broker cannot be reached; the message may then not
   *     be stored
   */
  void publish(TaskMessage message);

  /**
   * Broadcasts that a task is revoked and, if it runs, is to be terminated. Every revocation
   * listener registered before the call hears it, including those of other processes on the same
   * broker; the broker keeps no memory of it for listeners registered later.
   *
   * @throws TransientFailureException when the broker cannot be reached
   */
  void revoke(TaskId taskId);

  /**
   * Starts consuming a queue: {@code handler} is called, from a thread of the broker, with each
   * delivery, one delivery at a time per subscription. The handler may block for as long as it
   * needs (a worker runs the task in it); the subscription's next delivery waits meanwhile, and
   * other subscriptions go on. At most {@code prefetch} deliveries are unsettled at a time for this
   * consumer; the next comes only when one is settled. A delivery never settled goes back to the
   * queue when the subscription closes.
   *
   * @throws IllegalArgumentException when {@code prefetch} is less than 1
   */
  Subscription consume(String queue, int prefetch, Consumer<Delivery> handler);

  /** Listens to revocations broadcast from now on, until the subscription closes. */
  Subscription onRevoke(Consumer<TaskId> listener);
}
