package org.rhythm.adapter.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import org.rhythm.domain.task.TaskPriority;

/**
 * Where the broker's Kafka cluster is and how its topics are made.
 *
 * <ul>
 *   <li>{@code bootstrapServers}: {@code host:port} pairs separated by commas.
 *   <li>{@code topicPrefix}: put before every topic name, so several Rhythm installations can share
 *       a cluster; may be empty.
 *   <li>{@code priorityBands}: how many topics each queue has, one per band of priorities (1–10).
 *       With the default 3, priorities 0–3 are the low band, 4–6 the middle one, 7–9 the high one.
 *   <li>{@code partitions}, {@code replicationFactor}: of the topics the broker creates; a
 *       replication factor of {@value #CLUSTER_DEFAULT_REPLICATION} takes the cluster's {@code
 *       default.replication.factor}.
 *   <li>{@code maxMessageBytes}: the largest record value published or accepted; larger ones are
 *       refused when published and dead-lettered when consumed.
 *   <li>{@code sessionTimeout}: how long a consumer may stay silent before the group gives its
 *       partitions to another member, so how soon the messages of a dead process run elsewhere.
 *   <li>{@code revocationGrace}: how long a member that loses partitions in a rebalance waits for
 *       the tasks it runs from them to finish. A task still running then goes on under a lease in
 *       the store and its record counts as settled, so the new owner does not run it too. The
 *       consumers' {@code max.poll.interval.ms} grows with it past Kafka's five minutes.
 * </ul>
 */
public record KafkaSettings(
    String bootstrapServers,
    String topicPrefix,
    int priorityBands,
    int partitions,
    int replicationFactor,
    int maxMessageBytes,
    Duration sessionTimeout,
    Duration revocationGrace) {

  public static final String BOOTSTRAP_VARIABLE = "RHYTHM_KAFKA_BOOTSTRAP";
  public static final String TOPIC_PREFIX_VARIABLE = "RHYTHM_KAFKA_TOPIC_PREFIX";
  public static final String BANDS_VARIABLE = "RHYTHM_KAFKA_PRIORITY_BANDS";
  public static final String PARTITIONS_VARIABLE = "RHYTHM_KAFKA_PARTITIONS";
  public static final String REPLICATION_VARIABLE = "RHYTHM_KAFKA_REPLICATION_FACTOR";
  public static final String MAX_MESSAGE_BYTES_VARIABLE = "RHYTHM_KAFKA_MAX_MESSAGE_BYTES";
  public static final String SESSION_TIMEOUT_VARIABLE = "RHYTHM_KAFKA_SESSION_TIMEOUT_MS";
  public static final String REVOCATION_GRACE_VARIABLE = "RHYTHM_KAFKA_REVOCATION_GRACE_MS";

  public static final String DEFAULT_TOPIC_PREFIX = "rhythm.";
  public static final int DEFAULT_BANDS = 3;
  public static final int DEFAULT_PARTITIONS = 6;
  public static final int CLUSTER_DEFAULT_REPLICATION = -1;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
  public static final Duration DEFAULT_REVOCATION_GRACE = Duration.ofSeconds(10);

  /** Kafka's limit on a topic name's length. */
  private static final int MAX_TOPIC_LENGTH = 249;

  /** The longest suffix the broker adds to a queue's topic name: {@code .dead-letter}. */
  private static final int LONGEST_SUFFIX = ".dead-letter".length();

  public KafkaSettings {
    requireNonNull(bootstrapServers, "bootstrapServers");
    requireNonNull(topicPrefix, "topicPrefix");
    requireNonNull(sessionTimeout, "sessionTimeout");
    requireNonNull(revocationGrace, "revocationGrace");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("the Kafka bootstrap servers are empty");
    }
    checkTopicCharacters("the topic prefix", topicPrefix);
    if (priorityBands < 1 || priorityBands > TaskPriority.MAX + 1) {
      throw new IllegalArgumentException(
          "priority bands are between 1 and 10, not " + priorityBands);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions are at least 1, not " + partitions);
    }
    if (replicationFactor < 1 && replicationFactor != CLUSTER_DEFAULT_REPLICATION) {
      throw new IllegalArgumentException(
          "the replication factor is at least 1, or -1 for the cluster's default, not "
              + replicationFactor);
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "the maximum message size is at least 1024 bytes, not " + maxMessageBytes);
    }
    if (sessionTimeout.toMillis() < 1 || sessionTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "the session timeout is between 1 ms and 24 days, not " + sessionTimeout);
    }
    if (revocationGrace.isNegative() || revocationGrace.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "the revocation grace is between 0 and 24 days, not " + revocationGrace);
    }
  }

  /** Settings with the default revocation grace. */
  public KafkaSettings(
      String bootstrapServers,
      String topicPrefix,
      int priorityBands,
      int partitions,
      int replicationFactor,
      int maxMessageBytes,
      Duration sessionTimeout) {
    this(
        bootstrapServers,
        topicPrefix,
        priorityBands,
        partitions,
        replicationFactor,
        maxMessageBytes,
        sessionTimeout,
        DEFAULT_REVOCATION_GRACE);
  }

  /** The defaults on the cluster at {@code bootstrapServers}. */
  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(
        bootstrapServers,
        DEFAULT_TOPIC_PREFIX,
        DEFAULT_BANDS,
        DEFAULT_PARTITIONS,
        CLUSTER_DEFAULT_REPLICATION,
        DEFAULT_MAX_MESSAGE_BYTES,
        DEFAULT_SESSION_TIMEOUT);
  }

  /**
   * The settings that environment variables give: {@value #BOOTSTRAP_VARIABLE} (required), {@value
   * #TOPIC_PREFIX_VARIABLE}, {@value #BANDS_VARIABLE}, {@value #PARTITIONS_VARIABLE}, {@value
   * #REPLICATION_VARIABLE}, {@value #MAX_MESSAGE_BYTES_VARIABLE}, {@value
   * #SESSION_TIMEOUT_VARIABLE} and {@value #REVOCATION_GRACE_VARIABLE} (both in milliseconds); an
   * absent or blank variable takes the default.
   *
   * @throws IllegalArgumentException naming the variable that is missing or wrong
   */
  public static KafkaSettings fromEnvironment(Map<String, String> environment) {
    requireNonNull(environment, "environment");
    String bootstrap = environment.get(BOOTSTRAP_VARIABLE);
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException(
          BOOTSTRAP_VARIABLE + " is not set: it names the Kafka cluster, e.g. 127.0.0.1:9092");
    }
    String prefix = environment.get(TOPIC_PREFIX_VARIABLE);
    try {
      return new KafkaSettings(
          bootstrap.trim(),
          prefix == null ? DEFAULT_TOPIC_PREFIX : prefix.trim(),
          number(environment, BANDS_VARIABLE, DEFAULT_BANDS),
          number(environment, PARTITIONS_VARIABLE, DEFAULT_PARTITIONS),
          number(environment, REPLICATION_VARIABLE, CLUSTER_DEFAULT_REPLICATION),
          number(environment, MAX_MESSAGE_BYTES_VARIABLE, DEFAULT_MAX_MESSAGE_BYTES),
          Duration.ofMillis(
              number(
                  environment, SESSION_TIMEOUT_VARIABLE, (int) DEFAULT_SESSION_TIMEOUT.toMillis())),
          Duration.ofMillis(
              number(
                  environment,
                  REVOCATION_GRACE_VARIABLE,
                  (int) DEFAULT_REVOCATION_GRACE.toMillis())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Kafka settings from the environment: " + e.getMessage(), e);
    }
  }

  /** The same settings with another topic prefix. */
  public KafkaSettings withTopicPrefix(String prefix) {
    return new KafkaSettings(
        bootstrapServers,
        prefix,
        priorityBands,
        partitions,
        replicationFactor,
        maxMessageBytes,
        sessionTimeout,
        revocationGrace);
  }

  /** The same settings with another number of partitions for created topics. */
  public KafkaSettings withPartitions(int count) {
    return new KafkaSettings(
        bootstrapServers,
        topicPrefix,
        priorityBands,
        count,
        replicationFactor,
        maxMessageBytes,
        sessionTimeout,
        revocationGrace);
  }

  /** The same settings with another replication factor for created topics. */
  public KafkaSettings withReplicationFactor(int factor) {
    return new KafkaSettings(
        bootstrapServers,
        topicPrefix,
        priorityBands,
        partitions,
        factor,
        maxMessageBytes,
        sessionTimeout,
        revocationGrace);
  }

  /** The same settings with another session timeout. */
  public KafkaSettings withSessionTimeout(Duration timeout) {
    return new KafkaSettings(
        bootstrapServers,
        topicPrefix,
        priorityBands,
        partitions,
        replicationFactor,
        maxMessageBytes,
        timeout,
        revocationGrace);
  }

  /** The same settings with another revocation grace. */
  public KafkaSettings withRevocationGrace(Duration grace) {
    return new KafkaSettings(
        bootstrapServers,
        topicPrefix,
        priorityBands,
        partitions,
        replicationFactor,
        maxMessageBytes,
        sessionTimeout,
        grace);
  }

  /** The band of {@code priority}: 0 is the lowest, {@code priorityBands - 1} the highest. */
  public int band(TaskPriority priority) {
    return priority.value() * priorityBands / (TaskPriority.MAX + 1);
  }

  /** The topic holding the messages of {@code queue} in {@code band}. */
  String bandTopic(String queue, int band) {
    return queueTopic(queue) + ".p" + band;
  }

  /** The topic where rejected messages of {@code queue} go, with the reason in a header. */
  String deadLetterTopic(String queue) {
    return queueTopic(queue) + ".dead-letter";
  }

  /** The topic every process's revocation listeners read. */
  String revocationTopic() {
    return topicPrefix + "revocations";
  }

  /** The consumer group of {@code queue}'s consumers, in every process. */
  String group(String queue) {
    return topicPrefix + "queue." + queue;
  }

  private String queueTopic(String queue) {
    requireNonNull(queue, "queue");
    if (queue.isEmpty()) {
      throw new IllegalArgumentException("a queue name is not empty");
    }
    checkTopicCharacters("queue name '" + queue + "'", queue);
    String topic = topicPrefix + "queue." + queue;
    if (topic.length() + LONGEST_SUFFIX > MAX_TOPIC_LENGTH) {
      throw new IllegalArgumentException(
          "queue name '"
              + queue
              + "' is too long for a Kafka topic name: prefix, queue and suffix have at most "
              + MAX_TOPIC_LENGTH
              + " characters");
    }
    return topic;
  }

  private static void checkTopicCharacters(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean legal =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!legal) {
        throw new IllegalArgumentException(
            what
                + " may hold only ASCII letters, digits, '.', '_' and '-' (Kafka topic names): '"
                + c
                + "' at "
                + i);
      }
    }
  }

  private static int number(Map<String, String> environment, String variable, int fallback) {
    String text = environment.get(variable);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(variable + " is not a whole number: '" + text + "'", e);
    }
  }
}
