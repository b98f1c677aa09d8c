package org.rhythm.adapter.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The configurations of the broker's Kafka clients. The producer is idempotent and waits for every
 * in-sync replica ({@code acks=all}); queue consumers commit by hand, start a new group at the
 * earliest offset and use the cooperative-sticky assignor of the classic group protocol, which
 * every Kafka from 3.7 on serves, so a joining member moves only the partitions it takes;
 * revocation listeners are in no group.
 */
final class ClientConfigs {
  /**
   * How long the broker holds a queue consumer's fetch that finds nothing new. Kafka's default of
   * 500 ms would hold a band's partitions that were just resumed behind a fetch waiting on the
   * others; a short wait costs a few idle fetches a second.
   */
  static final int FETCH_MAX_WAIT_MS = 10;

  /** Kafka's own default {@code max.poll.interval.ms}. */
  static final int DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;

  /** Room past the revocation grace for the leases taken after it and the commit. */
  static final Duration REVOCATION_MARGIN = Duration.ofMinutes(1);

  private final KafkaSettings settings;
  private final String instance;
  private final Duration timeout;

  ClientConfigs(KafkaSettings settings, String instance, Duration timeout) {
    this.settings = settings;
    this.instance = instance;
    this.timeout = timeout;
  }

  private Map<String, Object> common(String client) {
    Map<String, Object> config = new HashMap<>();
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "rhythm-" + client + "-" + instance);
    config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return config;
  }

  Map<String, Object> admin() {
    Map<String, Object> config = common("admin");
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return config;
  }

  Map<String, Object> producer() {
    Map<String, Object> config = common("producer");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // One millisecond of batching: under load, publications share produce requests, which halves
    // the broker's work per hand-over; alone, a hand-over waits at most that millisecond more.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, settings.maxMessageBytes() * 2);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 2);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  private Map<String, Object> consumer(String client) {
    Map<String, Object> config = common(client);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, settings.maxMessageBytes() * 2);
    return config;
  }

  Map<String, Object> queueConsumer(String queue) {
    Map<String, Object> config = consumer("queue-" + queue);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group(queue));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    config.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    int session = (int) settings.sessionTimeout().toMillis();
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
    config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(1, session / 3));
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, QueueConsumer.BACKLOG_PER_BAND);
    config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, maxPollInterval());
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
    return config;
  }

  /**
   * How long the poll thread may stay away from polling before the group drops the member: Kafka's
   * default of five minutes, or longer when the revocation grace, which the poll thread waits out
   * inside a rebalance, and the leases taken after it could come near that.
   */
  private int maxPollInterval() {
    long needed = settings.revocationGrace().plus(REVOCATION_MARGIN).toMillis();
    return (int) Math.min(Integer.MAX_VALUE, Math.max(DEFAULT_MAX_POLL_INTERVAL_MS, needed));
  }

  Map<String, Object> revocationListener() {
    Map<String, Object> config = consumer("revocations");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    return config;
  }
}
