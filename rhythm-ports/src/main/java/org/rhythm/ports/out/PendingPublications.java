package org.rhythm.adapter.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The records a subscription's handler sent while it handled one delivery, still waiting for
 * Kafka's acknowledgement. A handler that moves a workflow on publishes the next step, then acks
 * its delivery: instead of holding the handler's thread until the cluster acknowledges the record
 * (a round trip on every hand-over), the ack waits for it, and the thread takes the next delivery
 * meanwhile. The delivery's offset is committed only once what it sent is stored, exactly as when
 * the thread waited; a record the cluster refuses puts the delivery back on its queue instead.
 *
 * <p>Only a subscription's own thread, inside its handler, defers: everywhere else a publication
 * returns once the record is stored. The state is the thread's own.
 */
final class PendingWrites {
  private static final ThreadLocal<List<CompletableFuture<?>>> HANDLING = new ThreadLocal<>();

  private PendingWrites() {}

  /** Marks the calling thread as a subscription's, handling one delivery from now on. */
  static void begin() {
    HANDLING.set(new ArrayList<>());
  }

  /** Whether the calling thread handles a delivery, so that a write it makes may be deferred. */
  static boolean deferring() {
    return HANDLING.get() != null;
  }

  /** Notes a write of the delivery being handled on the calling thread. */
  static void add(CompletableFuture<?> written) {
    List<CompletableFuture<?>> pending = HANDLING.get();
    if (pending == null) {
      throw new IllegalStateException("no delivery is being handled on this thread");
    }
    pending.add(written);
  }

  /**
   * Takes the calling thread's pending writes: a future that completes once all of them are stored,
   * exceptionally when one is not; an already completed one when there are none, or when the thread
   * handles no delivery.
   */
  static CompletableFuture<Void> take() {
    List<CompletableFuture<?>> pending = HANDLING.get();
    if (pending == null || pending.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    pending.clear();
    return all;
  }

  /** Ends the handling of a delivery on the calling thread, returning what is still pending. */
  static CompletableFuture<Void> end() {
    CompletableFuture<Void> left = take();
    HANDLING.remove();
    return left;
  }
}
