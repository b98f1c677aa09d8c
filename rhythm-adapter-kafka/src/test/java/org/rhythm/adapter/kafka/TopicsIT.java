package org.rhythm.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.TransientFailureException;

/** {@link Topics} creates topics on a real Kafka as the settings say. */
class TopicsIT {
  @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

  private static final String QUEUE = "files";

  /** Not the defaults, so that a topic made with defaults is told apart. */
  private static final int PARTITIONS = 3;

  private static final int MAX_MESSAGE_BYTES = 256 * 1024;

  private KafkaSettings settings;
  private Admin admin;

  @BeforeEach
  void connect() {
    KafkaSettings test = KAFKA.settings();
    settings =
        new KafkaSettings(
            test.bootstrapServers(),
            test.topicPrefix(),
            test.priorityBands(),
            PARTITIONS,
            1,
            MAX_MESSAGE_BYTES,
            test.sessionTimeout());
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, test.bootstrapServers()));
  }

  @AfterEach
  void disconnect() {
    admin.close();
  }

  @Test
  void aQueueGetsABandTopicPerBandAndADeadLetterTopicWithTheConfiguredPartitionsAndReplicas()
      throws Exception {
    Topics topics = new Topics(admin, settings);

    topics.ensureQueue(QUEUE);

    Map<String, TopicDescription> described =
        admin.describeTopics(queueTopics()).allTopicNames().get();
    assertThat(described).containsOnlyKeys(queueTopics());
    for (TopicDescription topic : described.values()) {
      assertThat(topic.partitions()).as("partitions of %s", topic.name()).hasSize(PARTITIONS);
      assertThat(topic.partitions())
          .as("replicas of %s", topic.name())
          .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
    }
  }

  @Test
  void aBrokerCreatesTheTopicsOfAQueueFromItsSettingsOnTheFirstPublication() throws Exception {
    TaskMessage message =
        new TaskMessage(
            TaskId.of(UUID.randomUUID().toString()),
            "tasks.add",
            QUEUE,
            List.of(1),
            Map.of(),
            new TaskPriority(9),
            0);

    try (KafkaBroker broker = new KafkaBroker(settings)) {
      broker.start();
      broker.publish(message);
    }

    Map<String, TopicDescription> described =
        admin.describeTopics(queueTopics()).allTopicNames().get();
    assertThat(described.values())
        .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(PARTITIONS));
    assertThat(maxMessageBytes(settings.deadLetterTopic(QUEUE))).isEqualTo(2 * MAX_MESSAGE_BYTES);
  }

  @Test
  void everyTopicOfAQueueTakesRecordsOfTheLargestAllowedValueWithRoomForHeaders() throws Exception {
    Topics topics = new Topics(admin, settings);

    topics.ensureQueue(QUEUE);

    for (String topic : queueTopics()) {
      assertThat(maxMessageBytes(topic))
          .as("max.message.bytes of %s", topic)
          .isEqualTo(2 * MAX_MESSAGE_BYTES);
    }
  }

  @Test
  void theRevocationTopicHasOnePartitionWhateverTheSettingsSay() throws Exception {
    Topics topics = new Topics(admin, settings);

    topics.ensureRevocations();

    TopicDescription revocations =
        admin
            .describeTopics(List.of(settings.revocationTopic()))
            .allTopicNames()
            .get()
            .get(settings.revocationTopic());
    assertThat(revocations.partitions()).hasSize(1);
    assertThat(maxMessageBytes(settings.revocationTopic())).isEqualTo(2 * MAX_MESSAGE_BYTES);
  }

  @Test
  void aReplicationFactorTheClusterCannotMeetIsAFailureNamingTheTopic() {
    Topics topics = new Topics(admin, settings.withReplicationFactor(2));

    assertThatThrownBy(() -> topics.ensureQueue(QUEUE))
        .isInstanceOf(TransientFailureException.class)
        .hasMessageContaining("could not create topic " + settings.topicPrefix() + "queue.files")
        .hasCauseInstanceOf(InvalidReplicationFactorException.class);
  }

  private List<String> queueTopics() {
    List<String> names = new ArrayList<>();
    for (int band = 0; band < settings.priorityBands(); band++) {
      names.add(settings.bandTopic(QUEUE, band));
    }
    names.add(settings.deadLetterTopic(QUEUE));
    return names;
  }

  private int maxMessageBytes(String topic) throws ExecutionException, InterruptedException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    return Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
  }
}
