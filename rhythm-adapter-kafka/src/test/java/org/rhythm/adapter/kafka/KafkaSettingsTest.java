package org.rhythm.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskPriority;

class KafkaSettingsTest {

  @Test
  void threeBandsPutPrioritiesZeroToThreeLowFourToSixMiddleAndSevenToNineHigh() {
    KafkaSettings settings = KafkaSettings.of("127.0.0.1:9092");

    List<Integer> bands = new ArrayList<>();
    for (int priority = 0; priority <= 9; priority++) {
      bands.add(settings.band(new TaskPriority(priority)));
    }

    assertThat(bands).containsExactly(0, 0, 0, 0, 1, 1, 1, 2, 2, 2);
  }

  @Test
  void tenBandsKeepEveryPriorityApartAndOneBandMergesThemAll() {
    KafkaSettings ten = new KafkaSettings("k:9092", "", 10, 1, 1, 1 << 20, Duration.ofSeconds(10));
    KafkaSettings one = new KafkaSettings("k:9092", "", 1, 1, 1, 1 << 20, Duration.ofSeconds(10));

    List<Integer> tenBands = new ArrayList<>();
    List<Integer> oneBand = new ArrayList<>();
    for (int priority = 0; priority <= 9; priority++) {
      tenBands.add(ten.band(new TaskPriority(priority)));
      oneBand.add(one.band(new TaskPriority(priority)));
    }

    assertThat(tenBands).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(oneBand).containsOnly(0);
  }

  @Test
  void theEnvironmentGivesEverySetting() {
    Map<String, String> environment =
        Map.of(
            "RHYTHM_KAFKA_BOOTSTRAP", " kafka-1:9092,kafka-2:9092 ",
            "RHYTHM_KAFKA_TOPIC_PREFIX", "lab.",
            "RHYTHM_KAFKA_PRIORITY_BANDS", "5",
            "RHYTHM_KAFKA_PARTITIONS", "12",
            "RHYTHM_KAFKA_REPLICATION_FACTOR", "3",
            "RHYTHM_KAFKA_MAX_MESSAGE_BYTES", "2097152",
            "RHYTHM_KAFKA_SESSION_TIMEOUT_MS", "20000",
            "RHYTHM_KAFKA_REVOCATION_GRACE_MS", "60000");

    KafkaSettings settings = KafkaSettings.fromEnvironment(environment);

    assertThat(settings)
        .isEqualTo(
            new KafkaSettings(
                "kafka-1:9092,kafka-2:9092",
                "lab.",
                5,
                12,
                3,
                2097152,
                Duration.ofSeconds(20),
                Duration.ofMinutes(1)));
  }

  @Test
  void theEnvironmentNeedsOnlyTheBootstrapServers() {
    KafkaSettings settings =
        KafkaSettings.fromEnvironment(Map.of("RHYTHM_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));

    assertThat(settings).isEqualTo(KafkaSettings.of("127.0.0.1:9092"));
  }

  @Test
  void aMissingBootstrapVariableIsNamed() {
    assertThatThrownBy(() -> KafkaSettings.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RHYTHM_KAFKA_BOOTSTRAP is not set");
  }

  @Test
  void aVariableThatIsNotANumberIsNamed() {
    Map<String, String> environment =
        Map.of("RHYTHM_KAFKA_BOOTSTRAP", "k:9092", "RHYTHM_KAFKA_PARTITIONS", "many");

    assertThatThrownBy(() -> KafkaSettings.fromEnvironment(environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RHYTHM_KAFKA_PARTITIONS is not a whole number: 'many'");
  }

  @Test
  void outOfRangeSettingsAreRefusedWithWhatIsWrong() {
    KafkaSettings base = KafkaSettings.of("k:9092");

    assertThatThrownBy(() -> base.withPartitions(0)).hasMessageContaining("partitions");
    assertThatThrownBy(() -> base.withReplicationFactor(0)).hasMessageContaining("replication");
    assertThatThrownBy(() -> base.withTopicPrefix("a b")).hasMessageContaining("' ' at 1");
    assertThatThrownBy(() -> base.withRevocationGrace(Duration.ofSeconds(-1)))
        .hasMessageContaining("the revocation grace is between 0 and 24 days, not PT-1S");
    assertThatThrownBy(
            () -> new KafkaSettings("k:9092", "", 11, 1, 1, 1 << 20, Duration.ofSeconds(1)))
        .hasMessageContaining("priority bands are between 1 and 10, not 11");
  }

  @Test
  void topicsAreNamedFromThePrefixTheQueueAndTheBand() {
    KafkaSettings settings = KafkaSettings.of("k:9092");

    assertThat(settings.bandTopic("celery", 2)).isEqualTo("rhythm.queue.celery.p2");
    assertThat(settings.deadLetterTopic("celery")).isEqualTo("rhythm.queue.celery.dead-letter");
    assertThat(settings.revocationTopic()).isEqualTo("rhythm.revocations");
    assertThat(settings.group("celery")).isEqualTo("rhythm.queue.celery");
  }

  @Test
  void aQueueNameKafkaCannotCarryIsRefused() {
    KafkaSettings settings = KafkaSettings.of("k:9092");

    assertThatThrownBy(() -> settings.bandTopic("files/archive", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queue name 'files/archive'")
        .hasMessageContaining("'/' at 5");
    assertThatThrownBy(() -> settings.bandTopic("q".repeat(240), 0))
        .hasMessageContaining("too long");
  }
}
