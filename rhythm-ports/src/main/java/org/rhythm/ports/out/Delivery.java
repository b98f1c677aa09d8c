package org.rhythm.ports.out;

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
}
