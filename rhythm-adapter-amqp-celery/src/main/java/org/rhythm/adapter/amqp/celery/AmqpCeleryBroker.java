package org.rhythm.adapter.amqp.celery;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.rhythm.adapter.amqp.celery.protocol.CeleryMessage;
import org.rhythm.adapter.amqp.celery.protocol.CeleryMessageCodec;
import org.rhythm.adapter.amqp.celery.protocol.RevocationCodec;
import org.rhythm.domain.task.TaskId;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Connectable;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.TransientFailureException;

/**
 * The {@link Broker} on RabbitMQ, speaking Celery protocol v2 (celery-wire.md §1–3), so that Rhythm
 * and Python Celery workers share queues and revocations.
 *
 * <p>Publications go to the default exchange with the queue's name as routing key, after the queue
 * is declared as Celery declares it, and return once RabbitMQ confirmed them. Each subscription has
 * a channel and a daemon thread of its own, named {@code rhythm-amqp-<queue>-<n>}, with manual
 * acks; a message rejected without requeue goes to the dead-letter queue with its reason.
 * Revocations are Celery's {@code revoke} broadcasts on the {@code celery.pidbox} exchange.
 *
 * <p>Two connections, one to publish and one to consume, recover by themselves when RabbitMQ goes
 * away and comes back, with their queues, bindings and consumers; meanwhile a publication fails
 * with {@link TransientFailureException}, and unacked messages are delivered again afterwards.
 *
 * <p>The constructor does no I/O; {@link #start()} connects. Thread-safe.
 */
public final class AmqpCeleryBroker implements Broker, Connectable, AutoCloseable {
  /** The header of a dead-lettered message that says why it was rejected. */
  public static final String REASON_HEADER = "x-rhythm-dead-letter-reason";

  /** The header of a dead-lettered message that names the queue it was rejected from. */
  public static final String QUEUE_HEADER = "x-rhythm-dead-letter-queue";

  private static final System.Logger LOG = System.getLogger(AmqpCeleryBroker.class.getName());

  private final AmqpSettings settings;
  private final String origin;
  private final String replyTo;
  private final AtomicInteger clock = new AtomicInteger();
  private final AtomicInteger threadCount = new AtomicInteger();
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private volatile Session session;
  private boolean closed;

  /** The connections and what lives on them, from {@link #start()} to {@link #close()}. */
  private record Session(
      Connection publishing,
      Connection consuming,
      ConfirmChannels publishers,
      Declarations declarations) {}

  public AmqpCeleryBroker(AmqpSettings settings) {
    this.settings = requireNonNull(settings, "settings");
    String node = settings.nodeName();
    String host = node.contains("@") ? node.substring(node.indexOf('@') + 1) : node;
    this.origin = "gen" + ProcessHandle.current().pid() + "@" + host;
    // Celery's app id is a UUID3 too: stable for the life of the sender.
    this.replyTo =
        UUID.nameUUIDFromBytes((origin + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8))
            .toString();
  }

  /**
   * Connects to RabbitMQ.
   *
   * @throws TransientFailureException naming the URI (without its password) when RabbitMQ cannot be
   *     reached
   * @throws IllegalStateException when the broker was closed
   */
  @Override
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("the AMQP broker is closed");
    }
    if (session != null) {
      return;
    }
    ConnectionFactory factory = RabbitConnections.factory(settings);
    Connection publishing =
        RabbitConnections.open(factory, "rhythm-publish " + settings.nodeName(), settings);
    Connection consuming;
    try {
      consuming =
          RabbitConnections.open(factory, "rhythm-consume " + settings.nodeName(), settings);
    } catch (TransientFailureException e) {
      RabbitConnections.closeQuietly(publishing);
      throw e;
    }
    session =
        new Session(
            publishing,
            consuming,
            new ConfirmChannels(
                publishing,
                settings.publisherChannels(),
                settings.publishTimeout(),
                settings.redactedUri()),
            new Declarations(publishing, settings));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Declares the queue first, the first time, as Celery does.
   *
   * @throws InequivalentQueueException when the queue exists with other arguments ({@code
   *     x-max-priority}); the message says how to fix it
   * @throws IllegalArgumentException when the message is over the maximum size, or RabbitMQ refuses
   *     the queue's name or access to it (403)
   */
  @Override
  public void publish(TaskMessage message) {
    requireNonNull(message, "message");
    Session current = session();
    CeleryMessage encoded = CeleryMessageCodec.encode(message, origin, replyTo);
    if (encoded.body().length > settings.maxMessageBytes()) {
      throw new IllegalArgumentException(
          "task "
              + message.taskId()
              + ": its message of "
              + encoded.body().length
              + " bytes is over the maximum of "
              + settings.maxMessageBytes()
              + " bytes");
    }
    current.declarations().taskQueue(message.queue());
    current
        .publishers()
        .publishForDelivery("", message.queue(), encoded.properties(), encoded.body());
  }

  @Override
  public void revoke(TaskId taskId) {
    requireNonNull(taskId, "taskId");
    Session current = session();
    current.declarations().pidboxExchange();
    double now = System.currentTimeMillis() / 1000.0;
    CeleryMessage encoded = RevocationCodec.encode(taskId, clock.incrementAndGet(), now);
    current
        .publishers()
        .publish(RevocationCodec.PIDBOX_EXCHANGE, "", encoded.properties(), encoded.body());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Declares the queue first, as a Celery worker does.
   */
  @Override
  public Subscription consume(String queue, int prefetch, Consumer<Delivery> handler) {
    requireNonNull(queue, "queue");
    requireNonNull(handler, "handler");
    if (prefetch < 1) {
      throw new IllegalArgumentException("prefetch is at least 1, not " + prefetch);
    }
    Session current = session();
    current.declarations().taskQueue(queue);
    Channel channel = openChannel(current.consuming());
    AtomicReference<Subscription> self = new AtomicReference<>();
    AmqpSubscription subscription =
        new AmqpSubscription(
            channel,
            queue,
            settings.maxMessageBytes(),
            this::deadLetter,
            handler,
            "rhythm-amqp-" + queue + "-" + threadCount.incrementAndGet(),
            () -> subscriptions.remove(self.get()));
    self.set(subscription);
    subscriptions.add(subscription);
    try {
      subscription.start(prefetch);
    } catch (IOException | RuntimeException e) {
      subscription.close();
      throw failure("could not consume queue '" + queue + "'", e);
    }
    return subscription;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Listens through a mailbox queue of its own, {@code <node>-<random>.celery.pidbox}, bound to
   * {@code celery.pidbox} before this returns. Hears the revocations of Python Celery clients too,
   * and honours their {@code destination}.
   */
  @Override
  public Subscription onRevoke(Consumer<TaskId> listener) {
    requireNonNull(listener, "listener");
    Session current = session();
    Channel channel = openChannel(current.consuming());
    String mailbox =
        settings.nodeName() + "-" + UUID.randomUUID().toString().substring(0, 8) + ".celery.pidbox";
    AtomicReference<Subscription> self = new AtomicReference<>();
    RevocationListener revocations =
        new RevocationListener(
            channel,
            settings.nodeName(),
            mailbox,
            listener,
            () -> subscriptions.remove(self.get()));
    self.set(revocations);
    subscriptions.add(revocations);
    try {
      revocations.start();
    } catch (IOException | RuntimeException e) {
      revocations.close();
      throw failure("could not listen to revocations", e);
    }
    return revocations;
  }

  /** Closes every subscription, then the connections. Idempotent. */
  @Override
  public void close() {
    Session current;
    synchronized (this) {
      closed = true;
      current = session;
      session = null;
    }
    subscriptions.forEach(Subscription::close);
    if (current != null) {
      current.publishers().close();
      current.declarations().close();
      RabbitConnections.closeQuietly(current.consuming());
      RabbitConnections.closeQuietly(current.publishing());
    }
  }

  /** The queues this broker declared; tests delete them. */
  Set<String> declaredQueues() {
    return session().declarations().declaredQueues();
  }

  private void deadLetter(
      String queue, AMQP.BasicProperties properties, byte[] body, String reason) {
    Session current = session();
    current.declarations().deadLetterQueue();
    Map<String, Object> headers = new LinkedHashMap<>();
    if (properties.getHeaders() != null) {
      headers.putAll(properties.getHeaders());
    }
    headers.put(REASON_HEADER, reason);
    headers.put(QUEUE_HEADER, queue);
    current
        .publishers()
        .publish(
            "", settings.deadLetterQueue(), properties.builder().headers(headers).build(), body);
    LOG.log(
        Level.WARNING,
        "a message from queue {0} went to the dead-letter queue {1}: {2}",
        queue,
        settings.deadLetterQueue(),
        reason);
  }

  private Session session() {
    Session current = session;
    if (current == null) {
      throw new IllegalStateException("the AMQP broker is not started, or is closed");
    }
    return current;
  }

  private Channel openChannel(Connection connection) {
    try {
      Channel channel = connection.createChannel();
      if (channel == null) {
        throw new IOException("no channel number left on the connection");
      }
      return channel;
    } catch (IOException | RuntimeException e) {
      throw failure("could not open a channel", e);
    }
  }

  private TransientFailureException failure(String what, Throwable cause) {
    return new TransientFailureException(
        "RabbitMQ at "
            + settings.redactedUri()
            + ": "
            + what
            + ": "
            + RabbitConnections.describe(cause),
        cause);
  }
}
