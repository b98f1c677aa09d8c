package org.rhythm.app.bench;

import java.util.HashMap;
import java.util.Map;
import org.rhythm.adapter.amqp.celery.AmqpCeleryBroker;
import org.rhythm.adapter.amqp.celery.AmqpSettings;
import org.rhythm.adapter.inmemory.InMemoryBroker;
import org.rhythm.adapter.kafka.KafkaBroker;
import org.rhythm.adapter.kafka.KafkaSettings;
import org.rhythm.adapter.kafka.LocalKafka;
import org.rhythm.ports.out.Broker;

/**
 * The broker one bench run uses, opened and closed with the run: in memory, RabbitMQ at {@value
 * AmqpSettings#URL_VARIABLE} (default {@value AmqpSettings#DEFAULT_URI}), or Kafka: the cluster at
 * {@value KafkaSettings#BOOTSTRAP_VARIABLE}, else a single-node broker in this process.
 */
final class BenchBroker implements AutoCloseable {
  private static final String QUEUE = "rhythm.bench";

  private final Broker broker;
  private final String queue;
  private final AutoCloseable closer;

  private BenchBroker(Broker broker, String queue, AutoCloseable closer) {
    this.broker = broker;
    this.queue = queue;
    this.closer = closer;
  }

  static BenchBroker open(String kind) {
    if (kind.equals(BenchSettings.KAFKA)) {
      return openKafka();
    }
    if (kind.equals(BenchSettings.AMQP)) {
      AmqpSettings settings = AmqpSettings.fromEnvironment(System.getenv());
      AmqpCeleryBroker amqp = new AmqpCeleryBroker(settings);
      amqp.start();
      // A queue of each x-max-priority, since RabbitMQ refuses to declare one queue two ways.
      String queue =
          settings.hasMaxPriority() ? QUEUE + ".x-max-priority-" + settings.maxPriority() : QUEUE;
      return new BenchBroker(amqp, queue, amqp);
    }
    InMemoryBroker memory = new InMemoryBroker();
    return new BenchBroker(memory, QUEUE, memory);
  }

  /**
   * Kafka at {@value KafkaSettings#BOOTSTRAP_VARIABLE}, or, when it is unset, a single-node broker
   * started in this process for the run.
   */
  private static BenchBroker openKafka() {
    String bootstrap = System.getenv(KafkaSettings.BOOTSTRAP_VARIABLE);
    if (bootstrap != null && !bootstrap.isBlank()) {
      KafkaBroker kafka = new KafkaBroker(KafkaSettings.fromEnvironment(System.getenv()));
      kafka.start();
      return new BenchBroker(kafka, QUEUE, kafka);
    }
    LocalKafka local = LocalKafka.start();
    try {
      // The other RHYTHM_KAFKA_* settings (priority bands, partitions) apply to it too.
      Map<String, String> environment = new HashMap<>(System.getenv());
      environment.put(KafkaSettings.BOOTSTRAP_VARIABLE, local.bootstrap());
      KafkaBroker kafka = new KafkaBroker(KafkaSettings.fromEnvironment(environment));
      kafka.start();
      return new BenchBroker(
          kafka,
          QUEUE,
          () -> {
            try {
              kafka.close();
            } finally {
              local.close();
            }
          });
    } catch (RuntimeException e) {
      local.close();
      throw e;
    }
  }

  Broker broker() {
    return broker;
  }

  /** The queue the bench's tasks go through. */
  String queue() {
    return queue;
  }

  @Override
  public void close() {
    try {
      closer.close();
    } catch (Exception e) {
      throw new IllegalStateException("the bench could not close its broker", e);
    }
  }
}
