package org.rhythm.adapter.kafka;

import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.PendingPublications;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TransientFailureException;

/**
 * One consumer of a queue inside this process: its own daemon thread takes records from the queue's
 * consumer and calls the handler with each, one at a time, while fewer than {@code prefetch} of its
 * deliveries are unsettled.
 */
final class KafkaSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger(KafkaSubscription.class.getName());

  private final QueueConsumer consumer;
  private final int prefetch;
  private final Consumer<Delivery> handler;
  private final Thread thread;

  /** Guarded by the consumer's lock. */
  final Set<KafkaDelivery> unsettled = new LinkedHashSet<>();

  /** Guarded by the consumer's lock. */
  boolean closed;

  KafkaSubscription(
      QueueConsumer consumer, int prefetch, Consumer<Delivery> handler, String threadName) {
    this.consumer = consumer;
    this.prefetch = prefetch;
    this.handler = handler;
    this.thread = new Thread(this::deliver, threadName);
    this.thread.setDaemon(true);
  }

  int prefetch() {
    return prefetch;
  }

  boolean hasRoom() {
    return unsettled.size() < prefetch;
  }

  void start() {
    thread.start();
  }

  private void deliver() {
    KafkaDelivery delivery;
    while ((delivery = consumer.next(this)) != null) {
      PendingPublications.begin();
      try {
        handler.accept(delivery);
      } catch (RuntimeException e) {
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, e);
      } finally {
        awaitUnacked(PendingPublications.end());
      }
    }
  }

  /**
   * Waits for what a handler sent without acking its delivery afterwards (it left the delivery
   * unsettled, or rejected it): such a write was made as if it returned once stored, so it is
   * waited for here, and its failure is logged.
   */
  private static void awaitUnacked(CompletableFuture<Void> written) {
    try {
      written.join();
    } catch (CompletionException e) {
      LOG.log(Level.WARNING, "a record sent by a task handler was not stored: {0}", e.getCause());
    }
  }

  /**
   * Stops the deliveries, waits for a handler call in progress to return, then puts every unsettled
   * delivery back on the queue, flagged redelivered.
   */
  @Override
  public void close() {
    if (!consumer.closing(this)) {
      return;
    }
    if (thread != Thread.currentThread()) {
      joinUninterruptibly(thread);
    }
    for (KafkaDelivery delivery : consumer.unsettledOf(this)) {
      try {
        delivery.reject(true);
      } catch (TransientFailureException e) {
        // Left unsettled and so uncommitted: it is delivered again after a restart or a rebalance.
        LOG.log(Level.WARNING, "could not requeue a delivery while closing: {0}", e.getMessage());
      }
    }
    consumer.closed(this);
  }

  /**
   * Stops taking deliveries without settling anything or waiting for the handler, as if the process
   * had died.
   */
  void halt() {
    consumer.closing(this);
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
