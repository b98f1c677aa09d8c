/**
 * The broker on RabbitMQ, speaking Celery's message protocol v2 so Java and Python Celery workers
 * share queues. Not implemented yet.
 */
package org.rhythm.adapter.amqp.celery;
