package org.rhythm.adapter.kafka;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.rhythm.ports.out.TransientFailureException;

/**
 * Writes records through the broker's one idempotent producer ({@code acks=all}) and waits for the
 * cluster to acknowledge each. Thread-safe, as Kafka's producer is.
 */
final class TopicWriter {
  private final Producer<String, byte[]> producer;
  private final String cluster;

  TopicWriter(Producer<String, byte[]> producer, String cluster) {
    this.producer = producer;
    this.cluster = cluster;
  }

  /**
   * Sends {@code record} and returns once it is stored.
   *
   * @throws TransientFailureException when the cluster did not acknowledge it; it may then not be
   *     stored
   */
  void send(ProducerRecord<String, byte[]> record) {
    try {
      producer.send(record).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(record, e);
    } catch (ExecutionException e) {
      throw failure(record, e.getCause());
    } catch (KafkaException e) {
      throw failure(record, e);
    }
  }

  private TransientFailureException failure(ProducerRecord<String, byte[]> record, Throwable e) {
    return new TransientFailureException(
        "Kafka at " + cluster + " did not store a record on topic " + record.topic() + ": " + e, e);
  }
}
