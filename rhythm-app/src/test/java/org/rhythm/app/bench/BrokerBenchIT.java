package org.rhythm.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rhythm bench --broker amqp|kafka} (DESIGN.md §7): on the machine's RabbitMQ, and on Kafka
 * at {@code RHYTHM_KAFKA_BOOTSTRAP} or, when it is unset, a single-node broker the bench starts in
 * this process; every outcome is audited.
 */
class BrokerBenchIT {
  @ParameterizedTest
  @ValueSource(strings = {"amqp", "kafka"})
  @SuppressWarnings("unchecked")
  void theBenchOnARealBrokerFindsNoAnomalies(String broker) {
    Map<String, Object> report = CleanBenchRun.run("--broker", broker);

    assertThat((Map<String, Object>) report.get("settings")).containsEntry("broker", broker);
  }
}
