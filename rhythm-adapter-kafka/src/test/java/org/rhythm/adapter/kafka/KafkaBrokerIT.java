package org.rhythm.adapter.kafka;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.Broker;
import org.rhythm.testkit.contract.BrokerContract;

/**
 * {@link KafkaBroker} keeps the broker contract on a real Kafka, in priority bands, with the
 * default number of partitions, where publish order holds only within a workflow.
 */
class KafkaBrokerIT extends BrokerContract {
  @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = new KafkaBroker(KAFKA.settings().withPartitions(KafkaSettings.DEFAULT_PARTITIONS));
    broker.start();
  }

  @AfterAll
  static void closeBroker() {
    broker.close();
  }

  @Override
  protected Broker broker() {
    return broker;
  }

  @Override
  protected int priorityRank(TaskPriority priority) {
    return broker.settings().band(priority);
  }

  @Override
  protected boolean keepsOrderAcrossWorkflows() {
    return false;
  }

  @Override
  protected Duration quietPeriod() {
    return Duration.ofMillis(500);
  }
}
