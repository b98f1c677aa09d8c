package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link HttpStoryContract} on MongoDB and Kafka: choosing Kafka is configuration alone, and the
 * same workflow and tasks run unchanged.
 */
class HttpKafkaStoryIT extends HttpStoryContract {
  @RegisterExtension static final MongoKafkaAdapters ADAPTERS = new MongoKafkaAdapters();

  @Override
  protected TestAdapters adapters() {
    return ADAPTERS;
  }

  @AfterEach
  void theStoryWentThroughKafka() throws ExecutionException, InterruptedException {
    assertThat(ADAPTERS.recordsInTopicsStartingWith(ADAPTERS.latestTopicPrefix()))
        .as("records in the test's topics")
        .isPositive();
  }
}
