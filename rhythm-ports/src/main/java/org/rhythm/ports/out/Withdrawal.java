package org.rhythm.ports.out;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * What a delivery's handler said to do if the broker takes the delivery back ({@link
 * Delivery#onWithdrawal}), for the brokers that do: the handler is asked once at most. Thread-safe.
 */
public final class Withdrawal {
  private static final System.Logger LOG = System.getLogger(Withdrawal.class.getName());

  private final AtomicReference<BooleanSupplier> takeOver = new AtomicReference<>();

  /** Keeps what {@link Delivery#onWithdrawal} was given. */
  public void set(BooleanSupplier handlerTakeOver) {
    takeOver.set(requireNonNull(handlerTakeOver, "takeOver"));
  }

  /**
   * Asks the handler, once, to take the work of {@code delivery} (named in the log) over: false
   * when it gave nothing to ask, was asked before, refused or failed; a failure is logged.
   */
  public boolean takeOver(String delivery) {
    BooleanSupplier handler = takeOver.getAndSet(null);
    if (handler == null) {
      return false;
    }
    try {
      return handler.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "{0}: the handler could not take its work over: {1}",
          delivery,
          e.toString());
      return false;
    }
  }
}
