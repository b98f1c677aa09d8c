/**
 * The broker on RabbitMQ, speaking Celery's message protocol v2 so that Java and Python Celery
 * workers share queues and revocations: {@link org.rhythm.adapter.amqp.celery.AmqpCeleryBroker} and
 * its {@link org.rhythm.adapter.amqp.celery.AmqpSettings}. Depends on the ports, the domain and
 * amqp-client; the translation to and from Celery's messages lives in {@code protocol}.
 */
package org.rhythm.adapter.amqp.celery;
