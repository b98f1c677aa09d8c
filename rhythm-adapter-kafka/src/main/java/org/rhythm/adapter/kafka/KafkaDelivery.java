package org.rhythm.adapter.kafka;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.rhythm.adapter.kafka.Backlog.Fetched;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.MalformedMessageException;
import org.rhythm.ports.out.PendingPublications;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.Withdrawal;

/**
 * One record handed to one subscription. Its settlement goes through its queue's consumer, which
 * decides under its lock which call takes effect.
 */
final class KafkaDelivery implements Delivery {
  private static final System.Logger LOG = System.getLogger(KafkaDelivery.class.getName());

  /** How a delivery is settled. */
  enum Settlement {
    ACK,
    REQUEUE,
    DEAD_LETTER
  }

  private final QueueConsumer consumer;
  private final KafkaSubscription subscription;
  private final Fetched fetched;
  private final int maxBytes;
  private volatile TaskMessage decoded;
  private volatile String malformed;
  private final Withdrawal withdrawal = new Withdrawal();

  /** Guarded by the consumer's lock. */
  boolean settled;

  KafkaDelivery(
      QueueConsumer consumer, KafkaSubscription subscription, Fetched fetched, int maxBytes) {
    this.consumer = consumer;
    this.subscription = subscription;
    this.fetched = fetched;
    this.maxBytes = maxBytes;
  }

  @Override
  public TaskMessage message() {
    TaskMessage message = decoded;
    if (message != null) {
      return message;
    }
    try {
      message = TaskRecords.decode(consumer.queue(), fetched.record(), maxBytes);
      decoded = message;
      return message;
    } catch (MalformedMessageException e) {
      malformed = e.getMessage();
      throw e;
    }
  }

  @Override
  public boolean redelivered() {
    return TaskRecords.isRedelivered(fetched.record());
  }

  /**
   * Acknowledges the delivery once every record its handler sent so far is stored ({@link
   * PendingPublications}); if one is not, puts it back on its queue instead, so it is handled
   * again.
   */
  @Override
  public void ack() {
    CompletableFuture<Void> written = PendingPublications.settle();
    if (written.isDone() && !written.isCompletedExceptionally()) {
      consumer.settle(this, Settlement.ACK);
      return;
    }
    written.whenComplete(
        (stored, failure) -> {
          if (failure == null) {
            // On the producer's thread: settling an ack only updates offsets in memory.
            consumer.settle(this, Settlement.ACK);
          } else {
            // A requeue writes a record, which must not wait on the producer's own thread.
            CompletableFuture.runAsync(() -> requeueAfter(failure));
          }
        });
  }

  private void requeueAfter(Throwable failure) {
    LOG.log(
        Level.WARNING,
        "queue {0}: a record sent while handling offset {1} was not stored, so the delivery goes"
            + " back to its queue: {2}",
        consumer.queue(),
        fetched.record().offset(),
        failure.getMessage());
    try {
      consumer.settle(this, Settlement.REQUEUE);
    } catch (RuntimeException e) {
      // Left unsettled and so uncommitted: delivered again after a restart or a rebalance.
      LOG.log(Level.WARNING, "queue {0}: could not requeue: {1}", consumer.queue(), e.toString());
    }
  }

  @Override
  public void reject(boolean requeue) {
    consumer.settle(this, requeue ? Settlement.REQUEUE : Settlement.DEAD_LETTER);
  }

  @Override
  public void onWithdrawal(BooleanSupplier takeOver) {
    withdrawal.set(takeOver);
  }

  /**
   * The partition goes to another member while this delivery is unsettled: whether its handler took
   * the work over, so that the record can count as settled.
   */
  boolean takenOverOnWithdrawal() {
    return withdrawal.takeOver(
        "queue " + consumer.queue() + ", offset " + fetched.record().offset());
  }

  Fetched fetched() {
    return fetched;
  }

  KafkaSubscription subscription() {
    return subscription;
  }

  /** Why the record goes to the dead-letter topic. */
  String deadLetterReason() {
    String why = malformed;
    if (why == null) {
      try {
        TaskRecords.decode(consumer.queue(), fetched.record(), maxBytes);
      } catch (MalformedMessageException e) {
        why = e.getMessage();
      }
    }
    return why != null ? why : "rejected without requeue by its consumer";
  }
}
