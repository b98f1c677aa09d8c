/**
 * Celery's messages as RabbitMQ carries them (protocol v2, JSON, celery-wire.md §1 and §3): task
 * messages and revocation broadcasts, translated to and from Rhythm's types. Pure: no I/O; depends
 * on the ports, the domain's JSON and amqp-client's property types only.
 */
package org.rhythm.adapter.amqp.celery.protocol;
