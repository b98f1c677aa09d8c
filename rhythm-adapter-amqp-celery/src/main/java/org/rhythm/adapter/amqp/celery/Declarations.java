package org.rhythm.adapter.amqp.celery;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rhythm.adapter.amqp.celery.protocol.RevocationCodec;
import org.rhythm.ports.out.TransientFailureException;

/**
 * Declares queues and exchanges exactly as Celery does (celery-wire.md §2), once per queue, on a
 * channel of its own: RabbitMQ closes a channel whose declaration it refuses (406), and a fresh one
 * is opened for the next declaration.
 */
final class Declarations implements AutoCloseable {
  private static final int ACCESS_REFUSED = 403;
  private static final int PRECONDITION_FAILED = 406;
  private static final Pattern INEQUIVALENT =
      Pattern.compile(
          "inequivalent arg '([^']*)' for (queue|exchange) '([^']*)' in vhost '[^']*': "
              + "received (.*) but current is (.*)");
  private static final Pattern VALUE = Pattern.compile("'([^']*)'");

  private final Connection connection;
  private final AmqpSettings settings;
  private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();
  private Channel channel;

  Declarations(Connection connection, AmqpSettings settings) {
    this.connection = connection;
    this.settings = settings;
  }

  /**
   * Declares a task queue unless this broker did before: the direct durable exchange of the same
   * name, the durable queue with no arguments or with {@code x-max-priority}, and the binding.
   *
   * @throws InequivalentQueueException when the queue or exchange exists with other arguments
   */
  void taskQueue(String queue) {
    if (declaredQueues.contains(queue)) {
      return;
    }
    Map<String, Object> arguments =
        settings.hasMaxPriority() ? Map.of("x-max-priority", settings.maxPriority()) : null;
    declare(
        queue,
        channel -> {
          channel.exchangeDeclare(queue, BuiltinExchangeType.DIRECT, true);
          channel.queueDeclare(queue, true, false, false, arguments);
          channel.queueBind(queue, queue, queue);
        });
    declaredQueues.add(queue);
  }

  /** Declares the durable queue rejected messages go to, unless this broker did before. */
  void deadLetterQueue() {
    String queue = settings.deadLetterQueue();
    if (declaredQueues.contains(queue)) {
      return;
    }
    declare(queue, channel -> channel.queueDeclare(queue, true, false, false, null));
    declaredQueues.add(queue);
  }

  /**
   * Declares Celery's broadcast exchange, fanout, neither durable nor auto-deleted; every time,
   * since nothing keeps it while no Celery node listens.
   */
  void pidboxExchange() {
    declare(
        RevocationCodec.PIDBOX_EXCHANGE,
        channel ->
            channel.exchangeDeclare(
                RevocationCodec.PIDBOX_EXCHANGE, BuiltinExchangeType.FANOUT, false, false, null));
  }

  /** The queues this broker declared. */
  Set<String> declaredQueues() {
    return Set.copyOf(declaredQueues);
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      abort(channel);
      channel = null;
    }
  }

  private interface Declaration {
    void run(Channel channel) throws IOException;
  }

  private synchronized void declare(String name, Declaration declaration) {
    try {
      if (channel == null || !channel.isOpen()) {
        if (channel != null) {
          abort(channel);
        }
        channel = connection.createChannel();
      }
      declaration.run(channel);
    } catch (IOException | ShutdownSignalException e) {
      ShutdownSignalException signal =
          e instanceof ShutdownSignalException s
              ? s
              : e.getCause() instanceof ShutdownSignalException s ? s : null;
      if (signal != null
          && !signal.isHardError()
          && signal.getReason() instanceof AMQP.Channel.Close close
          && close.getReplyCode() == PRECONDITION_FAILED) {
        throw inequivalent(name, close.getReplyText(), e);
      }
      if (signal != null
          && !signal.isHardError()
          && signal.getReason() instanceof AMQP.Channel.Close close
          && close.getReplyCode() == ACCESS_REFUSED) {
        // A reserved name (amq.*) or a user without the permission: retrying does not help.
        throw new IllegalArgumentException(
            "RabbitMQ at "
                + settings.redactedUri()
                + " refused to declare '"
                + name
                + "': "
                + close.getReplyText(),
            e);
      }
      throw new TransientFailureException(
          "RabbitMQ at "
              + settings.redactedUri()
              + ": could not declare '"
              + name
              + "': "
              + RabbitConnections.describe(e),
          e);
    } catch (RuntimeException e) {
      throw new TransientFailureException(
          "RabbitMQ at "
              + settings.redactedUri()
              + ": could not declare '"
              + name
              + "': "
              + RabbitConnections.describe(e),
          e);
    }
  }

  private InequivalentQueueException inequivalent(String name, String reply, Throwable cause) {
    Matcher matcher = INEQUIVALENT.matcher(reply);
    if (!matcher.find()) {
      return new InequivalentQueueException(
          name,
          "unknown",
          "RabbitMQ refused to declare '"
              + name
              + "' as Celery does: "
              + reply
              + ". Make Rhythm and the Celery side declare it alike, or delete it so that it is"
              + " declared again.",
          cause);
    }
    String argument = matcher.group(1);
    String kind = matcher.group(2);
    String object = matcher.group(3);
    String declared = value(matcher.group(4));
    String existing = value(matcher.group(5));
    String message =
        kind
            + " '"
            + object
            + "' exists on RabbitMQ with "
            + argument
            + " "
            + existing
            + ", but Rhythm declares it with "
            + argument
            + " "
            + declared
            + ". "
            + fix(argument, existing, declared)
            + " (RabbitMQ: "
            + reply
            + ")";
    return new InequivalentQueueException(object, argument, message, cause);
  }

  private static String fix(String argument, String existing, String declared) {
    String variable = AmqpSettings.MAX_PRIORITY_VARIABLE;
    if (!argument.equals("x-max-priority")) {
      return "Make Rhythm and the Celery side declare it alike, or delete it so that it is"
          + " declared again.";
    }
    if (existing.equals("none")) {
      return "Unset "
          + variable
          + " to match Celery's default (no task_queue_max_priority), or set Celery's"
          + " task_queue_max_priority to "
          + declared
          + " and delete the queue so that it is declared again.";
    }
    return "Set "
        + variable
        + "="
        + existing
        + " to match Celery's task_queue_max_priority, or set Celery's task_queue_max_priority to "
        + (declared.equals("none") ? "None" : declared)
        + " to match "
        + variable
        + " and delete the queue so that it is declared again.";
  }

  /** {@code none}, or the first quoted word of RabbitMQ's description of a value. */
  private static String value(String description) {
    Matcher quoted = VALUE.matcher(description);
    return quoted.find() ? quoted.group(1) : description.strip();
  }

  private static void abort(Channel channel) {
    try {
      channel.abort();
    } catch (IOException | RuntimeException e) {
      // Already closed.
    }
  }
}
