package org.rhythm.adapter.amqp.celery;

import com.rabbitmq.client.AMQP;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.rhythm.adapter.amqp.celery.protocol.CeleryMessageCodec;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.MalformedMessageException;
import org.rhythm.ports.out.PendingPublications;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.Withdrawal;

/**
 * One message delivered to an {@link AmqpSubscription}, tagged with the channel generation it came
 * on: a settlement after the channel recovered is dropped, since its tag means nothing to the new
 * channel and RabbitMQ delivers the message again anyway.
 */
final class AmqpDelivery implements Delivery {
  private final AmqpSubscription subscription;
  private final long generation;
  private final long tag;
  private final boolean redelivered;
  private final AMQP.BasicProperties properties;
  private final byte[] body;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile String malformation;
  private final Withdrawal withdrawal = new Withdrawal();

  AmqpDelivery(
      AmqpSubscription subscription,
      long generation,
      long tag,
      boolean redelivered,
      AMQP.BasicProperties properties,
      byte[] body) {
    this.subscription = subscription;
    this.generation = generation;
    this.tag = tag;
    this.redelivered = redelivered;
    this.properties = properties;
    this.body = body;
  }

  @Override
  public TaskMessage message() {
    try {
      return CeleryMessageCodec.decode(
          subscription.queue(), properties, body, subscription.maxMessageBytes());
    } catch (MalformedMessageException e) {
      malformation = e.getMessage();
      throw e;
    }
  }

  @Override
  public boolean redelivered() {
    return redelivered;
  }

  /**
   * Acknowledges the delivery once RabbitMQ confirmed every message its handler published so far
   * ({@link PendingPublications}); if one is refused or lost, puts the delivery back on its queue
   * instead, so it is handled again.
   */
  @Override
  public void ack() {
    CompletableFuture<Void> published = PendingPublications.settle();
    if (!settled.compareAndSet(false, true)) {
      return;
    }
    if (published.isDone() && !published.isCompletedExceptionally()) {
      subscription.ack(generation, tag);
      return;
    }
    // Completed on amqp-client's connection thread: ack and reject send a frame and wait for none.
    published.whenComplete(
        (confirmed, failure) -> {
          if (failure == null) {
            subscription.ack(generation, tag);
          } else {
            subscription.requeueUnconfirmed(generation, tag, failure);
          }
        });
  }

  @Override
  public void reject(boolean requeue) {
    if (!settled.compareAndSet(false, true)) {
      return;
    }
    if (requeue) {
      subscription.requeue(generation, tag);
    } else {
      String reason = malformation != null ? malformation : "rejected by its consumer";
      subscription.deadLetter(generation, tag, properties, body, reason);
    }
  }

  @Override
  public void onWithdrawal(BooleanSupplier takeOver) {
    withdrawal.set(takeOver);
  }

  long generation() {
    return generation;
  }

  /**
   * The channel this delivery came on went down while it was unsettled: RabbitMQ puts the message
   * back on its queue. The handler is asked, once, to take the work over, so that the copy RabbitMQ
   * delivers next is not run a second time while this one runs.
   */
  void withdrawn() {
    if (!settled.get()) {
      withdrawal.takeOver("queue " + subscription.queue() + ", delivery " + tag);
    }
  }
}
