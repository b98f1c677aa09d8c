/**
 * The broker on Kafka: a topic per queue and priority band, consumer groups per queue with
 * per-message acknowledgement on top of committed offsets, dead-letter topics, and revocations on a
 * control topic. Depends on the ports and the Kafka client only.
 */
package org.rhythm.adapter.kafka;
