package org.rhythm.adapter.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.rhythm.ports.out.PendingPublications;
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
   * Sends {@code record} and returns once it is stored. The caller waits for it, so the record does
   * not linger for a batch: it goes at once, with whatever else is waiting to be sent.
   *
   * @throws TransientFailureException when the cluster did not acknowledge it; it may then not be
   *     stored
   */
  void send(ProducerRecord<String, byte[]> record) {
    try {
      Future<RecordMetadata> sent = producer.send(record);
      producer.flush();
      sent.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(record, e);
    } catch (ExecutionException e) {
      throw failure(record, e.getCause());
    } catch (KafkaException e) {
      throw failure(record, e);
    }
  }

  /**
   * Sends {@code record}; inside a subscription's handler, returns as soon as it is handed to the
   * producer and leaves the wait for the acknowledgement to the delivery's ack ({@link
   * PendingPublications}); elsewhere, as {@link #send}.
   *
   * @throws TransientFailureException when the producer refuses the record at once
   */
  void sendForDelivery(ProducerRecord<String, byte[]> record) {
    if (!PendingPublications.deferring()) {
      send(record);
      return;
    }
    CompletableFuture<Void> stored = new CompletableFuture<>();
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error == null) {
              stored.complete(null);
            } else {
              stored.completeExceptionally(failure(record, error));
            }
          });
    } catch (KafkaException e) {
      throw failure(record, e);
    }
    PendingPublications.add(stored);
  }

  private TransientFailureException failure(ProducerRecord<String, byte[]> record, Throwable e) {
    return new TransientFailureException(
        "Kafka at " + cluster + " did not store a record on topic " + record.topic() + ": " + e, e);
  }
}
