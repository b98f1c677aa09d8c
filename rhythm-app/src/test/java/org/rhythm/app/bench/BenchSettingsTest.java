package org.rhythm.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warm-up runs as the measured run does: its workflows go in rounds of the run's size. */
class BenchSettingsTest {

  @Test
  void aWarmUpForOneWorkflowAloneIsThatManyRoundsOfOne() {
    BenchSettings alone =
        new BenchSettings(1, 200, 2, 4, 3, false, BenchSettings.MEMORY, BenchSettings.AMQP);

    assertThat(alone.warmupRounds())
        .hasSize(3)
        .allSatisfy(
            round ->
                assertThat(round)
                    .isEqualTo(
                        new BenchSettings(
                            1, 200, 2, 4, 0, false, BenchSettings.MEMORY, BenchSettings.AMQP)));
  }

  @Test
  void theLastRoundTakesWhatIsLeft() {
    BenchSettings settings = new BenchSettings(500, 10, 16, 32, 1200, false);

    assertThat(settings.warmupRounds())
        .extracting(BenchSettings::workflows)
        .containsExactly(500, 500, 200);
  }

  @Test
  void noWarmUpIsNoRound() {
    assertThat(new BenchSettings(10, 3, 2, 4, 0, false).warmupRounds()).isEmpty();
  }
}
