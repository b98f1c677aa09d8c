package org.rhythm.adapter.amqp.celery;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.PendingPublications;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TransientFailureException;

/**
 * A consumer of one queue on a channel of its own, with manual acks and {@code basic.qos} prefetch.
 * amqp-client calls it on its shared dispatch pool; it hands each delivery to its own thread, where
 * the handler may block for as long as the task runs without holding up other subscriptions.
 *
 * <p>The channel recovers with the connection, and RabbitMQ then delivers again what was unacked.
 * Each shutdown of the channel starts a new generation; a delivery of an earlier generation is
 * never settled on the recovered channel. amqp-client tells a consumer of the shutdown after every
 * delivery that came before it, so a delivery's generation is always the channel's it came on. A
 * task still running when RabbitMQ or the network takes the channel down goes on under a lease
 * ({@link org.rhythm.ports.out.Delivery#onWithdrawal}).
 */
final class AmqpSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger(AmqpSubscription.class.getName());

  private final Channel channel;
  private final String queue;
  private final int maxMessageBytes;
  private final DeadLetters deadLetters;
  private final Consumer<Delivery> handler;
  private final ExecutorService thread;
  private final AtomicLong generation = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable onClosed;
  private volatile String consumerTag;

  /** The delivery whose handler runs now, if any; set and cleared by the subscription's thread. */
  private volatile AmqpDelivery handling;

  AmqpSubscription(
      Channel channel,
      String queue,
      int maxMessageBytes,
      DeadLetters deadLetters,
      Consumer<Delivery> handler,
      String threadName,
      Runnable onClosed) {
    this.channel = channel;
    this.onClosed = onClosed;
    this.queue = queue;
    this.maxMessageBytes = maxMessageBytes;
    this.deadLetters = deadLetters;
    this.handler = handler;
    this.thread = DaemonThreads.single(threadName);
  }

  /** Sets the prefetch and starts consuming. */
  void start(int prefetch) throws IOException {
    channel.basicQos(prefetch);
    consumerTag = channel.basicConsume(queue, false, new QueueConsumer());
  }

  String queue() {
    return queue;
  }

  int maxMessageBytes() {
    return maxMessageBytes;
  }

  void ack(long deliveryGeneration, long tag) {
    if (isCurrent(deliveryGeneration, tag, "ack")) {
      settle(() -> channel.basicAck(tag, false), "ack");
    }
  }

  void requeue(long deliveryGeneration, long tag) {
    if (isCurrent(deliveryGeneration, tag, "requeue")) {
      settle(() -> channel.basicReject(tag, true), "requeue");
    }
  }

  /** Requeues a delivery whose handler published a message RabbitMQ did not confirm. */
  void requeueUnconfirmed(long deliveryGeneration, long tag, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    LOG.log(
        Level.WARNING,
        "queue {0}: a message published while handling delivery {1} was not confirmed, so the"
            + " delivery goes back to its queue: {2}",
        queue,
        tag,
        cause.getMessage());
    requeue(deliveryGeneration, tag);
  }

  /** Stores the message in the dead-letter queue, then acks it; requeues it if that failed. */
  void deadLetter(
      long deliveryGeneration,
      long tag,
      AMQP.BasicProperties properties,
      byte[] body,
      String reason) {
    if (!isCurrent(deliveryGeneration, tag, "dead-letter")) {
      return;
    }
    try {
      deadLetters.store(queue, properties, body, reason);
    } catch (TransientFailureException e) {
      LOG.log(
          Level.WARNING,
          "queue {0}: a rejected message goes back to its queue, the dead-letter queue could not"
              + " store it: {1}",
          queue,
          e.getMessage());
      settle(() -> channel.basicReject(tag, true), "requeue");
      return;
    }
    settle(() -> channel.basicAck(tag, false), "ack");
  }

  /**
   * Stops consuming, then closes the channel: RabbitMQ puts every unacked delivery back on the
   * queue, flagged redelivered. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    thread.shutdown();
    String tag = consumerTag;
    try {
      if (tag != null && channel.isOpen()) {
        channel.basicCancel(tag);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "queue {0}: cancelling the consumer failed: {1}", queue, e);
    }
    try {
      channel.close();
    } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
      try {
        channel.abort();
      } catch (IOException | RuntimeException ignored) {
        // Closed already: RabbitMQ requeued its deliveries when it went.
      }
    }
    onClosed.run();
  }

  private boolean isCurrent(long deliveryGeneration, long tag, String what) {
    if (deliveryGeneration == generation.get()) {
      return true;
    }
    LOG.log(
        Level.DEBUG,
        "queue {0}: {1} of delivery {2} dropped, it came before the channel recovered; RabbitMQ"
            + " delivers the message again",
        queue,
        what,
        tag);
    return false;
  }

  private interface Settlement {
    void run() throws IOException;
  }

  private void settle(Settlement settlement, String what) {
    try {
      settlement.run();
    } catch (IOException | RuntimeException e) {
      // The channel is gone: RabbitMQ delivers the message again.
      LOG.log(Level.DEBUG, "queue {0}: {1} failed: {2}", queue, what, e);
    }
  }

  private final class QueueConsumer extends DefaultConsumer {
    QueueConsumer() {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      AmqpDelivery delivery =
          new AmqpDelivery(
              AmqpSubscription.this,
              generation.get(),
              envelope.getDeliveryTag(),
              envelope.isRedeliver(),
              properties,
              body);
      try {
        thread.execute(() -> handle(delivery));
      } catch (RejectedExecutionException closing) {
        // Closed: the channel's close puts the delivery back on the queue.
      }
    }

    /**
     * The channel went down: deliveries of this generation can no longer be settled. When RabbitMQ
     * or the network took it down, rather than this process, the task running now is asked to go on
     * under a lease, so that the copy RabbitMQ delivers next is dropped instead of run again.
     */
    @Override
    public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
      long ended = generation.getAndIncrement();
      AmqpDelivery running = handling;
      if (running != null
          && running.generation() == ended
          && !signal.isInitiatedByApplication()
          && !closed.get()) {
        running.withdrawn();
      }
    }

    @Override
    public void handleCancel(String tag) {
      LOG.log(Level.WARNING, "queue {0}: RabbitMQ cancelled the consumer (queue deleted?)", queue);
    }
  }

  private void handle(AmqpDelivery delivery) {
    if (closed.get() || delivery.generation() != generation.get()) {
      // Closed, or its channel went down while it waited here: RabbitMQ delivers it again.
      return;
    }
    PendingPublications.begin();
    handling = delivery;
    try {
      handler.accept(delivery);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, () -> "queue " + queue + ": the delivery handler failed: " + e, e);
    } finally {
      handling = null;
      awaitUnsettled(PendingPublications.end());
    }
  }

  /**
   * Waits for what a handler published without acking its delivery afterwards (it left the delivery
   * unsettled, or rejected it): such a publication was made as if it returned once confirmed, so it
   * is waited for here, and its failure is logged.
   */
  private void awaitUnsettled(CompletableFuture<Void> confirmed) {
    try {
      confirmed.join();
    } catch (CompletionException e) {
      LOG.log(
          Level.WARNING,
          "queue {0}: a message published by the delivery handler was not confirmed: {1}",
          queue,
          e.getCause().getMessage());
    }
  }
}
