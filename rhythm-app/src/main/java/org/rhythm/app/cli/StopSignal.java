package org.rhythm.app.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The end of a long-running command: the JVM asked to stop (SIGTERM, Ctrl-C) or the running thread
 * interrupted (a program or a test running the command). The shutdown hook holds the JVM until the
 * command has closed what it opened ({@link #close}), for at most {@link #CLEAN_UP}, so workers
 * hand their messages back and connections close cleanly.
 */
final class StopSignal implements AutoCloseable {
  static final Duration CLEAN_UP = Duration.ofSeconds(30);

  private final CountDownLatch asked = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Thread hook = new Thread(this::onShutdown, "rhythm-stop");
  private boolean interrupted;

  private StopSignal() {}

  static StopSignal install() {
    StopSignal signal = new StopSignal();
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  private void onShutdown() {
    asked.countDown();
    try {
      cleanedUp.await(CLEAN_UP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the command is asked to stop. */
  void await() {
    try {
      asked.await();
    } catch (InterruptedException e) {
      interrupted = true;
    }
  }

  /** Waits at most {@code period}; returns whether the command was asked to stop meanwhile. */
  boolean awaitFor(Duration period) {
    try {
      return asked.await(period.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
      return true;
    }
  }

  /**
   * Says the command closed what it opened: lets a shutdown under way finish, or removes the hook
   * when the thread was interrupted instead; the interrupt is then set again for the caller.
   */
  @Override
  public void close() {
    cleanedUp.countDown();
    if (asked.getCount() > 0) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs now and finds the clean-up done.
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
