package org.rhythm.ports.out;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a broker's delivery handler published while it handled one delivery, still waiting for the
 * broker to confirm it is stored: the deferral {@link Broker#publish} allows. A handler that moves
 * a workflow on publishes the next step, then acks its delivery; instead of holding the handler's
 * thread until the broker confirms the message (a round trip on every hand-over), the ack waits for
 * the confirmation, and the thread takes the next delivery meanwhile. A message the broker refuses
 * puts the delivery back on its queue instead of acking it.
 *
 * <p>A broker marks its subscription thread with {@link #begin} before calling the handler and
 * {@link #end} after it; its publication defers only while {@link #deferring}, and its delivery's
 * ack {@link #settle settles} what is pending. Once the delivery is settled, later publications of
 * the same handler wait for their confirmation as anywhere else: nothing would wait for them
 * otherwise. The state is the calling thread's own.
 */
public final class PendingPublications {
  private static final ThreadLocal<Handling> HANDLING = ThreadLocal.withInitial(Handling::new);

  /** A thread's state, kept for the thread's life so that a delivery allocates nothing here. */
  private static final class Handling {
    private final List<CompletableFuture<?>> pending = new ArrayList<>(2);
    private boolean active;
  }

  private PendingPublications() {}

  /** Marks the calling thread as a subscription's, handling one unsettled delivery from now on. */
  public static void begin() {
    Handling handling = HANDLING.get();
    handling.pending.clear();
    handling.active = true;
  }

  /** Whether a publication on the calling thread may return before the broker confirms it. */
  public static boolean deferring() {
    return HANDLING.get().active;
  }

  /** Notes a publication of the delivery being handled on the calling thread. */
  public static void add(CompletableFuture<?> confirmed) {
    Handling handling = HANDLING.get();
    if (!handling.active) {
      throw new IllegalStateException("no unsettled delivery is being handled on this thread");
    }
    handling.pending.add(confirmed);
  }

  /**
   * Settles the delivery handled on the calling thread: takes its pending publications, as a future
   * that completes once all of them are confirmed (exceptionally when one is not), and stops
   * deferring on this thread. An already completed future when nothing is pending or the thread
   * handles no delivery.
   */
  public static CompletableFuture<Void> settle() {
    Handling handling = HANDLING.get();
    handling.active = false;
    List<CompletableFuture<?>> pending = handling.pending;
    CompletableFuture<Void> all;
    if (pending.isEmpty()) {
      all = CompletableFuture.completedFuture(null);
    } else if (pending.size() == 1) {
      all = pending.get(0).thenRun(() -> {});
    } else {
      all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }
    pending.clear();
    return all;
  }

  /** Ends the handling of a delivery on the calling thread, returning what is still pending. */
  public static CompletableFuture<Void> end() {
    return settle();
  }
}
