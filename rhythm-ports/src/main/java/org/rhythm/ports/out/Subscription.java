package org.rhythm.ports.out;

/** A running consumer or listener; closing it stops deliveries. */
public interface Subscription extends AutoCloseable {

  /**
   * Stops the consumer. Deliveries it has not settled go back to their queue and are delivered
   * again, flagged redelivered. Idempotent.
   */
  @Override
  void close();
}
