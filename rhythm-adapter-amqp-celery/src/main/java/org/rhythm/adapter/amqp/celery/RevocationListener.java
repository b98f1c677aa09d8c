package org.rhythm.adapter.amqp.celery;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.rhythm.adapter.amqp.celery.protocol.RevocationCodec;
import org.rhythm.domain.task.TaskId;
import org.rhythm.ports.out.Subscription;

/**
 * A Celery node's mailbox (celery-wire.md §2): a queue of its own, bound to the {@code
 * celery.pidbox} fanout exchange, that hears every broadcast. It hands each revoked task id to the
 * listener on a thread of its own and ignores other commands.
 */
final class RevocationListener implements Subscription {
  private static final System.Logger LOG = System.getLogger(RevocationListener.class.getName());

  /** Celery's mailbox queue arguments: gone 10 s after its last consumer, messages kept 300 s. */
  private static final Map<String, Object> MAILBOX_ARGUMENTS =
      Map.of("x-expires", 10_000, "x-message-ttl", 300_000);

  private final Channel channel;
  private final String node;
  private final String queue;
  private final Consumer<TaskId> listener;
  private final ExecutorService thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable onClosed;

  RevocationListener(
      Channel channel, String node, String queue, Consumer<TaskId> listener, Runnable onClosed) {
    this.channel = channel;
    this.onClosed = onClosed;
    this.node = node;
    this.queue = queue;
    this.listener = listener;
    this.thread = DaemonThreads.single("rhythm-amqp-revocations-" + queue);
  }

  /** Declares the mailbox and binds it: once this returns, every broadcast reaches it. */
  void start() throws IOException {
    channel.exchangeDeclare(
        RevocationCodec.PIDBOX_EXCHANGE, BuiltinExchangeType.FANOUT, false, false, null);
    channel.queueDeclare(queue, false, false, true, MAILBOX_ARGUMENTS);
    channel.queueBind(queue, RevocationCodec.PIDBOX_EXCHANGE, "");
    // No acks, as Celery's mailbox consumer: a broadcast is worth nothing once it is late.
    channel.basicConsume(queue, true, new MailboxConsumer());
  }

  /** Stops listening; the mailbox queue is deleted with its last consumer. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    thread.shutdown();
    try {
      channel.close();
    } catch (IOException | RuntimeException | TimeoutException e) {
      try {
        channel.abort();
      } catch (IOException | RuntimeException ignored) {
        // Closed already.
      }
    }
    onClosed.run();
  }

  private final class MailboxConsumer extends DefaultConsumer {
    MailboxConsumer() {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      List<TaskId> revoked;
      try {
        revoked = RevocationCodec.revokedFor(node, body);
      } catch (IllegalArgumentException e) {
        LOG.log(Level.WARNING, "mailbox {0} ignored a broadcast: {1}", queue, e.getMessage());
        return;
      }
      for (TaskId taskId : revoked) {
        try {
          thread.execute(() -> hear(taskId));
        } catch (RejectedExecutionException closing) {
          return;
        }
      }
    }
  }

  private void hear(TaskId taskId) {
    if (closed.get()) {
      return;
    }
    try {
      listener.accept(taskId);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, () -> "mailbox " + queue + ": the revocation listener failed: " + e, e);
    }
  }
}
