package org.rhythm.adapter.amqp.celery;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;
import org.rhythm.ports.out.TransientFailureException;

/** Opening and closing connections to RabbitMQ, and describing amqp-client's failures. */
final class RabbitConnections {
  private RabbitConnections() {}

  /** A factory for {@code settings}' RabbitMQ, with automatic connection and topology recovery. */
  static ConnectionFactory factory(AmqpSettings settings) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(settings.uri());
    } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a usable AMQP URI: " + settings.redactedUri() + " (" + e.getMessage() + ")", e);
    }
    factory.setVirtualHost(settings.virtualHost());
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
    factory.setConnectionTimeout(Math.toIntExact(settings.connectTimeout().toMillis()));
    factory.setHandshakeTimeout(Math.toIntExact(settings.connectTimeout().toMillis()));
    factory.setChannelRpcTimeout(Math.toIntExact(settings.publishTimeout().toMillis()));
    return factory;
  }

  /**
   * Opens a named connection.
   *
   * @throws TransientFailureException naming the URI, without its password, when RabbitMQ cannot be
   *     reached
   */
  static Connection open(ConnectionFactory factory, String name, AmqpSettings settings) {
    try {
      return factory.newConnection(name);
    } catch (IOException | TimeoutException | RuntimeException e) {
      throw new TransientFailureException(
          "cannot reach RabbitMQ at " + settings.redactedUri() + ": " + describe(e), e);
    }
  }

  /** The messages of an exception and its causes: amqp-client's own are often empty. */
  static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(error.getClass().getSimpleName());
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        text.append(": ").append(cause.getMessage());
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return text.toString();
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (IOException | RuntimeException e) {
      connection.abort();
    }
  }
}
