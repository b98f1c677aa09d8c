package org.rhythm.ports.out;

import java.util.function.BooleanSupplier;

/**
 * One delivery of a message to a consumer. It stays unacknowledged, and counts against the
 * consumer's prefetch, until {@link #ack()} or {@link #reject(boolean)} is called; exactly one of
 * them takes effect, later calls do nothing. Implementations are thread-safe: a delivery may be
 * settled from any thread.
 */
public interface Delivery {

  /**
   * The task message, decoded.
   *
   * @throws MalformedMessageException when the message cannot be decoded; the delivery should then
   *     be rejected without requeue
   */
  TaskMessage message();

  /**
   * Whether the broker delivered this message before, to this or another consumer, without an ack.
   */
  boolean redelivered();

  /** Settles the delivery: the message is done and is never delivered again. */
  void ack();

  /**
   * Settles the delivery without doing it: with {@code requeue} the message goes back to its queue
   * to be delivered again (flagged redelivered); without, it is dropped.
   */
  void reject(boolean requeue);

  /**
   * Says what to do if the broker takes this delivery back while it is unsettled: a Kafka rebalance
   * gives its partition to another member, or RabbitMQ loses the channel it came on, while the task
   * still runs. {@code takeOver} is then called at most once, on a broker thread; true means the
   * caller now holds the message's work by other means (a lease in the store). The broker then
   * settles the delivery as done where it still can, and a later {@link #ack()} or {@link
   * #reject(boolean)} does nothing; a copy of the message delivered again is for the receiver to
   * drop. False, or no {@code takeOver} at all, and the message may be run again elsewhere. Brokers
   * that never take a delivery back ignore it.
   */
  default void onWithdrawal(BooleanSupplier takeOver) {}
}
