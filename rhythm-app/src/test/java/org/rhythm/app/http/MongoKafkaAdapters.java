package org.rhythm.app.http;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rhythm.adapter.kafka.KafkaSettings;
import org.rhythm.adapter.kafka.LocalKafka;
import org.rhythm.app.config.RhythmConfig;

/**
 * MongoDB and Kafka for the API suite of one test class (DESIGN.md §6): mongo-java-server with its
 * memory backend and a one-node Kafka, both inside this JVM, started with the first place and
 * stopped after the class. Each place gets a database and a topic prefix of its own, so that no
 * place sees another's workflows, messages or revocations.
 */
final class MongoKafkaAdapters implements TestAdapters, AfterAllCallback {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicInteger places = new AtomicInteger();
  private MongoServer mongo;
  private LocalKafka kafka;

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    try {
      if (kafka != null) {
        kafka.close();
        kafka = null;
      }
    } finally {
      if (mongo != null) {
        mongo.shutdownNow();
        mongo = null;
      }
    }
  }

  /** How many records the topics whose names start with {@code prefix} hold. */
  synchronized long recordsInTopicsStartingWith(String prefix)
      throws ExecutionException, InterruptedException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      for (TopicDescription topic :
          admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get().values()) {
        if (topic.name().startsWith(prefix)) {
          topic
              .partitions()
              .forEach(
                  partition ->
                      ends.put(
                          new TopicPartition(topic.name(), partition.partition()),
                          OffsetSpec.latest()));
        }
      }
      return admin.listOffsets(ends).all().get().values().stream()
          .mapToLong(ListOffsetsResultInfo::offset)
          .sum();
    }
  }

  /** The topic prefix of the latest place. */
  String latestTopicPrefix() {
    return topicPrefix(places.get());
  }

  private String topicPrefix(int place) {
    return "api-" + run + "-" + place + ".";
  }

  @Override
  public synchronized Place next() {
    if (kafka == null) {
      kafka = LocalKafka.start();
    }
    if (mongo == null) {
      mongo = new MongoServer(new MemoryBackend());
      mongo.bind(new InetSocketAddress("127.0.0.1", 0));
    }
    int place = places.incrementAndGet();
    return new Place(
        Map.of(
            RhythmConfig.STORE,
            RhythmConfig.MONGO,
            RhythmConfig.MONGO_URI,
            "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/api-" + place,
            RhythmConfig.BROKER,
            RhythmConfig.KAFKA,
            KafkaSettings.BOOTSTRAP_VARIABLE,
            kafka.bootstrap(),
            KafkaSettings.TOPIC_PREFIX_VARIABLE,
            topicPrefix(place)),
        UnaryOperator.identity(),
        UUID.randomUUID().toString().substring(0, 24));
  }
}
