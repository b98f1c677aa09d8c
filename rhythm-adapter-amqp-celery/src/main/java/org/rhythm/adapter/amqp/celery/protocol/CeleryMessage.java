package org.rhythm.adapter.amqp.celery.protocol;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.AMQP;

/** One AMQP message as Celery writes it: its basic properties (headers included) and body. */
public record CeleryMessage(AMQP.BasicProperties properties, byte[] body) {
  public CeleryMessage {
    requireNonNull(properties, "properties");
    requireNonNull(body, "body");
  }
}
