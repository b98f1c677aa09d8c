package org.rhythm.adapter.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.rhythm.ports.out.TransientFailureException;

/**
 * Creates the broker's topics on demand, with the configured partitions, replication factor and
 * maximum message size, and remembers which exist. Thread-safe.
 */
final class Topics {
  /** How long creating topics may take before it counts as a failure. */
  static final int TIMEOUT_MS = 15_000;

  private static final Duration LEADER_POLL = Duration.ofMillis(20);

  private final Admin admin;
  private final KafkaSettings settings;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  Topics(Admin admin, KafkaSettings settings) {
    this.admin = admin;
    this.settings = settings;
  }

  /** The topics of {@code queue} (its bands and its dead letters), created if missing. */
  void ensureQueue(String queue) {
    if (known.contains(queue)) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (int band = 0; band < settings.priorityBands(); band++) {
      names.add(settings.bandTopic(queue, band));
    }
    names.add(settings.deadLetterTopic(queue));
    create(names, settings.partitions());
    known.add(queue);
  }

  /**
   * The revocation topic, created if missing with one partition, so that every listener hears
   * revocations in the order they were sent.
   */
  void ensureRevocations() {
    create(List.of(settings.revocationTopic()), 1);
  }

  private void create(List<String> names, int partitions) {
    Optional<Short> replication =
        settings.replicationFactor() == KafkaSettings.CLUSTER_DEFAULT_REPLICATION
            ? Optional.empty()
            : Optional.of((short) settings.replicationFactor());
    // Room for the record batch and headers around a value of the largest allowed size.
    Map<String, String> config =
        Map.of(
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.maxMessageBytes() * 2));
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, Optional.of(partitions), replication).configs(config));
    }
    try {
      var result = admin.createTopics(topics, new CreateTopicsOptions().timeoutMs(TIMEOUT_MS));
      boolean created = false;
      for (String name : names) {
        try {
          result.values().get(name).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
          created = true;
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw failure(name, e.getCause());
          }
        }
      }
      if (created) {
        awaitLeaders(names);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(names.get(0), e);
    } catch (TimeoutException | KafkaException e) {
      throw failure(names.get(0), e);
    }
  }

  /**
   * Waits, up to {@link #TIMEOUT_MS}, until every partition of new topics has a leader, so the
   * first records sent and the first consumers do not meet unknown partitions. Clients retry those
   * anyway: running out of time here is not a failure.
   */
  private void awaitLeaders(List<String> names) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> topics =
            admin.describeTopics(names).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        boolean led =
            topics.values().stream()
                .flatMap(topic -> topic.partitions().stream())
                .allMatch(partition -> partition.leader() != null);
        if (led) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // Not known to the broker yet: look again.
      }
      Thread.sleep(LEADER_POLL.toMillis());
    }
  }

  private TransientFailureException failure(String topic, Throwable cause) {
    return new TransientFailureException(
        "Kafka at "
            + settings.bootstrapServers()
            + " could not create topic "
            + topic
            + ": "
            + cause,
        cause);
  }
}
