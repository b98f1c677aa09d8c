package org.rhythm.adapter.kafka;

import org.rhythm.adapter.kafka.Backlog.Fetched;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.MalformedMessageException;
import org.rhythm.ports.out.TaskMessage;

/**
 * One record handed to one subscription. Its settlement goes through its queue's consumer, which
 * decides under its lock which call takes effect.
 */
final class KafkaDelivery implements Delivery {
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

  @Override
  public void ack() {
    consumer.settle(this, Settlement.ACK);
  }

  @Override
  public void reject(boolean requeue) {
    consumer.settle(this, requeue ? Settlement.REQUEUE : Settlement.DEAD_LETTER);
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
