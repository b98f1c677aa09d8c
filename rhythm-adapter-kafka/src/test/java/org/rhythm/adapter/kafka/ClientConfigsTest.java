package org.rhythm.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ClientConfigsTest {
  private static final KafkaSettings SETTINGS =
      new KafkaSettings(
          "kafka-1:9092,kafka-2:9092", "lab.", 3, 6, 3, 1 << 20, Duration.ofSeconds(9));

  private final ClientConfigs configs =
      new ClientConfigs(SETTINGS, "instance-1", Duration.ofSeconds(10));

  @Test
  void theProducerIsIdempotentAndWaitsForEveryInSyncReplica() {
    Map<String, Object> producer = configs.producer();

    assertThat(producer)
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "kafka-1:9092,kafka-2:9092");
    assertThat((int) producer.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG))
        .as("a request has room for a record of the largest allowed value")
        .isGreaterThan(SETTINGS.maxMessageBytes());
  }

  @Test
  void aQueueConsumerCommitsByHandInTheQueuesGroupFromTheEarliestOffsetWithCooperativeSticky() {
    Map<String, Object> consumer = configs.queueConsumer("files");

    assertThat(consumer)
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "lab.queue.files")
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
        .containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
        .containsEntry(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            CooperativeStickyAssignor.class.getName())
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, QueueConsumer.BACKLOG_PER_BAND)
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 9_000);
    assertThat((int) consumer.get(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG))
        .as("a fetch has room for a record of the largest allowed value")
        .isGreaterThan(SETTINGS.maxMessageBytes());
  }

  @Test
  void aQueueConsumerStaysInItsGroupWhileItWaitsOutTheRevocationGrace() {
    ClientConfigs longGrace =
        new ClientConfigs(
            SETTINGS.withRevocationGrace(Duration.ofMinutes(10)),
            "instance-1",
            Duration.ofSeconds(10));

    assertThat(configs.queueConsumer("files"))
        .as("with the default grace, Kafka's default")
        .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
    assertThat(
            (int) longGrace.queueConsumer("files").get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG))
        .as("with a ten-minute grace")
        .isGreaterThan((int) Duration.ofMinutes(10).toMillis());
  }

  @Test
  void aRevocationListenerIsInNoGroupCommitsNothingAndHearsOnlyWhatComesAfterIt() {
    Map<String, Object> listener = configs.revocationListener();

    assertThat(listener)
        .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG)
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
  }

  @Test
  void kafkaAcceptsEveryConfigurationAsGiven() {
    Map<String, Object> producer = configs.producer();
    Map<String, Object> queueConsumer = configs.queueConsumer("files");
    Map<String, Object> listener = configs.revocationListener();

    ProducerConfig parsedProducer = new ProducerConfig(producer);
    ConsumerConfig parsedConsumer = new ConsumerConfig(queueConsumer);
    ConsumerConfig parsedListener = new ConsumerConfig(listener);

    assertThat(parsedProducer.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
    assertThat(parsedProducer.getString(ProducerConfig.ACKS_CONFIG)).isIn("all", "-1");
    assertThat(parsedConsumer.getList(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG))
        .containsExactly(CooperativeStickyAssignor.class.getName());
    assertThat(parsedListener.getString(ConsumerConfig.GROUP_ID_CONFIG)).isNull();
  }
}
