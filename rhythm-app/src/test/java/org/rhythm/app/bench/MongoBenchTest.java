package org.rhythm.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code rhythm bench --store mongo} (DESIGN.md §7) on a bare machine: the bench starts the
 * in-process MongoDB wire server itself, unless {@code RHYTHM_MONGO_URI} names another.
 */
class MongoBenchTest {
  @Test
  @SuppressWarnings("unchecked")
  void theBenchOnMongoDbFindsNoAnomaliesAndCountsTheDriversCommands() {
    Map<String, Object> report = CleanBenchRun.run("--store", "mongo");

    assertThat(((Number) report.get("store_round_trips_per_transition")).doubleValue())
        .isPositive();
    assertThat((Map<String, Object>) report.get("settings"))
        .containsEntry("store", "mongo")
        .containsEntry("broker", "memory");
  }
}
