package org.rhythm.adapter.amqp.celery;

import com.rabbitmq.client.AMQP;

/** Where a subscription sends a message rejected without requeue, before it acks it. */
interface DeadLetters {
  /**
   * Stores the message, unchanged but for headers naming {@code reason} and {@code queue}, in the
   * dead-letter queue; returns once RabbitMQ confirmed it.
   *
   * @throws org.rhythm.ports.out.TransientFailureException when it could not be stored
   */
  void store(String queue, AMQP.BasicProperties properties, byte[] body, String reason);
}
