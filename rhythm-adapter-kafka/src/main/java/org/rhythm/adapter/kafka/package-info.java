/**
 * The broker on Kafka: a topic per queue, priority bands and revocations on a control topic. Not
 * implemented yet.
 */
package org.rhythm.adapter.kafka;
