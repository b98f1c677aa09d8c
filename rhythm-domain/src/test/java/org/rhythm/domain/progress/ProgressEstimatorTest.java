package org.rhythm.domain.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.json.Json;

class ProgressEstimatorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant at(double seconds) {
    return T0.plusNanos(Math.round(seconds * 1e9));
  }

  @Test
  void anUnknownTotalGivesNoFractionEtaOrRates() {
    ProgressEstimator estimator = new ProgressEstimator("tar", null, "bytes");

    ProgressReport report = estimator.report(500, T0);

    assertThat(report)
        .isEqualTo(new ProgressReport("tar", null, 500, null, "bytes", null, null, null));
  }

  @Test
  void aZeroTotalCountsAsUnknown() {
    ProgressEstimator estimator = new ProgressEstimator("tar", 0.0, "bytes");

    ProgressReport report = estimator.report(500, T0);

    assertThat(report)
        .isEqualTo(new ProgressReport("tar", null, 500, 0.0, "bytes", null, null, null));
  }

  @Test
  void theFirstReportHasTheUnknownEtaAndNoRates() {
    ProgressEstimator estimator = new ProgressEstimator("step", 100.0, "items");

    ProgressReport report = estimator.report(0, T0);

    assertThat(report)
        .isEqualTo(
            new ProgressReport(
                "step", 0.0, 0, 100.0, "items", ProgressReport.UNKNOWN_ETA, null, null));
  }

  @Test
  void aZeroRateGivesTheUnknownEta() {
    ProgressEstimator estimator = new ProgressEstimator("step", 100.0, "items");
    estimator.report(10, T0);

    ProgressReport report = estimator.report(10, at(1));

    assertThat(report.timeRemainingSec()).isEqualTo(ProgressReport.UNKNOWN_ETA);
    assertThat(report.wtAvgRate()).isNull();
    assertThat(report.avgRate()).isCloseTo(10.0, within(1e-4));
  }

  @Test
  void aSteadyRateGivesTheTimeLeftAtThatRate() {
    ProgressEstimator estimator = new ProgressEstimator("step", 100.0, "items");
    estimator.report(0, T0);
    estimator.report(10, at(1));
    estimator.report(20, at(2));

    ProgressReport report = estimator.report(30, at(3));

    assertThat(report.fractionDone()).isEqualTo(0.3);
    assertThat(report.timeRemainingSec()).isCloseTo(7.0, within(1e-4));
    assertThat(report.wtAvgRate()).isCloseTo(10.0, within(1e-4));
    assertThat(report.avgRate()).isCloseTo(10.0, within(1e-4));
  }

  @Test
  void recentRatesWeighMoreThanOlderOnesAndTheFirstRateCountsInFull() {
    ProgressEstimator estimator = new ProgressEstimator("step", 100.0, "items");
    estimator.report(0, T0);
    estimator.report(10, at(1));

    ProgressReport report = estimator.report(30, at(2));

    // rates 10/s then 20/s; weights 0.1 * 0.9 and 0.1, divided by the bias correction 1 - 0.9^2.
    double expectedRate = (0.1 * 0.9 * 10 + 0.1 * 20) / (1 - 0.9 * 0.9);
    assertThat(report.wtAvgRate()).isCloseTo(expectedRate, within(1e-3));
    assertThat(report.timeRemainingSec()).isCloseTo(70 / expectedRate, within(1e-3));
    assertThat(report.avgRate()).isCloseTo(15.0, within(1e-3));
  }

  @Test
  void workBeyondTheTotalGivesAZeroEtaAndKeepsThePreviousRates() {
    ProgressEstimator estimator = new ProgressEstimator("step", 10.0, "items");
    estimator.report(0, T0);
    ProgressReport before = estimator.report(5, at(1));

    ProgressReport report = estimator.report(12, at(2));

    assertThat(report)
        .isEqualTo(
            new ProgressReport(
                "step", 1.2, 12, 10.0, "items", 0.0, before.wtAvgRate(), before.avgRate()));
  }

  @Test
  void theUnitScaleMultipliesDoneAndTotal() {
    ProgressEstimator estimator =
        new ProgressEstimator("sda put", 2.0, "bytes", 1024, ProgressEstimator.DEFAULT_THROTTLE);

    ProgressReport report = estimator.report(1, T0);

    assertThat(report.done()).isEqualTo(1024.0);
    assertThat(report.total()).isEqualTo(2048.0);
    assertThat(report.fractionDone()).isEqualTo(0.5);
  }

  @Test
  void theFirstUpdateAlwaysEmits() {
    ProgressEstimator estimator = new ProgressEstimator("step", 100.0, "items");

    Optional<ProgressReport> report = estimator.update(0, T0);

    assertThat(report).isPresent();
  }

  @Test
  void anUpdateWithinTheThrottleOfTheLastEmittedOneIsSkipped() {
    ProgressEstimator estimator = new ProgressEstimator("step", 100.0, "items");
    estimator.update(0, T0);

    Optional<ProgressReport> report = estimator.update(5, at(0.999));

    assertThat(report).isEmpty();
  }

  @Test
  void anUpdateAFullThrottleAfterTheLastEmittedOneEmits() {
    ProgressEstimator estimator = new ProgressEstimator("step", 100.0, "items");
    estimator.update(0, T0);
    estimator.update(5, at(0.5));

    Optional<ProgressReport> report = estimator.update(10, at(1));

    assertThat(report).map(ProgressReport::done).contains(10.0);
  }

  @Test
  void aSkippedUpdateLeavesTheEstimateUntouched() {
    ProgressEstimator throttled = new ProgressEstimator("step", 100.0, "items");
    throttled.update(0, T0);
    throttled.update(50, at(0.5));
    ProgressEstimator unthrottled = new ProgressEstimator("step", 100.0, "items");
    unthrottled.report(0, T0);
    ProgressReport expected = unthrottled.report(10, at(1));

    Optional<ProgressReport> report = throttled.update(10, at(1));

    assertThat(report).contains(expected);
  }

  @Test
  void reportIgnoresTheThrottle() {
    ProgressEstimator estimator = new ProgressEstimator("step", 100.0, "items");
    estimator.update(0, T0);

    ProgressReport report = estimator.report(5, at(0.1));

    assertThat(report.fractionDone()).isEqualTo(0.05);
  }

  @Test
  void reportingEarlierThanThePreviousReportIsRefused() {
    ProgressEstimator estimator = new ProgressEstimator("step", 100.0, "items");
    estimator.report(0, at(1));

    assertThatThrownBy(() -> estimator.report(1, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before the previous report");
  }

  @Test
  void aNonPositiveUnitScaleIsRefused() {
    assertThatThrownBy(() -> new ProgressEstimator("step", 1.0, null, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unit scale");
  }

  /**
   * Reference outputs: sca_rhythm 0.6.15's progress.py (IUSCA/rhythm a122ab0) run under Python 3.11
   * with time.perf_counter replaced by a fake clock, each update() result passed through
   * json.dumps.
   */
  @Test
  void writesTheSameProgressObjectsAsScaRhythmForAKnownTotal() {
    ProgressEstimator estimator = new ProgressEstimator("tar", 293939.0, "bytes");
    double[][] calls = {
      {0, 0},
      {0.5, 1000},
      {1, 20000},
      {2.5, 50000},
      {3.75, 50000},
      {4.5, 50000},
      {5, 120000},
      {6.25, 200000},
      {6.5, 250000},
      {8, 293939},
      {9, 300000}
    };

    List<String> written = updates(estimator, calls);

    assertThat(written)
        .containsExactly(
            "{\"name\": \"tar\", \"fraction_done\": 0.0, \"done\": 0.0, \"total\": 293939.0, \"units\":"
                + " \"bytes\", \"time_remaining_sec\": 1e+100, \"wt_avg_rate\": null, \"avg_rate\": null}",
            "null",
            "{\"name\": \"tar\", \"fraction_done\": 0.06804132830281112, \"done\": 20000.0, \"total\":"
                + " 293939.0, \"units\": \"bytes\", \"time_remaining_sec\": 13.696963696949998,"
                + " \"wt_avg_rate\": 19999.98000002, \"avg_rate\": 19999.98000002}",
            "{\"name\": \"tar\", \"fraction_done\": 0.17010332075702783, \"done\": 50000.0, \"total\":"
                + " 293939.0, \"units\": \"bytes\", \"time_remaining_sec\": 12.196960057133868,"
                + " \"wt_avg_rate\": 19999.98350878609, \"avg_rate\": 19999.9920000032}",
            "{\"name\": \"tar\", \"fraction_done\": 0.17010332075702783, \"done\": 50000.0, \"total\":"
                + " 293939.0, \"units\": \"bytes\", \"time_remaining_sec\": 19.329685236744314,"
                + " \"wt_avg_rate\": 12619.915793366868, \"avg_rate\": 13333.329777778727}",
            "null",
            "{\"name\": \"tar\", \"fraction_done\": 0.4082479698168668, \"done\": 120000.0, \"total\":"
                + " 293939.0, \"units\": \"bytes\", \"time_remaining_sec\": 6.8930249452880075,"
                + " \"wt_avg_rate\": 25234.059267245608, \"avg_rate\": 23999.99520000096}",
            "{\"name\": \"tar\", \"fraction_done\": 0.6804132830281113, \"done\": 200000.0, \"total\":"
                + " 293939.0, \"units\": \"bytes\", \"time_remaining_sec\": 2.7071392977833733,"
                + " \"wt_avg_rate\": 34700.467787866684, \"avg_rate\": 31999.99488000082}",
            "null",
            "{\"name\": \"tar\", \"fraction_done\": 1.0, \"done\": 293939.0, \"total\": 293939.0,"
                + " \"units\": \"bytes\", \"time_remaining_sec\": 0.0, \"wt_avg_rate\":"
                + " 38750.95665044755, \"avg_rate\": 36742.37040720371}",
            // Python writes the int 0 here ("time_remaining_sec": 0); a double field writes 0.0.
            "{\"name\": \"tar\", \"fraction_done\": 1.020619924542167, \"done\": 300000.0, \"total\":"
                + " 293939.0, \"units\": \"bytes\", \"time_remaining_sec\": 0.0, \"wt_avg_rate\":"
                + " 38750.95665044755, \"avg_rate\": 36742.37040720371}");
  }

  @Test
  void writesTheSameProgressObjectsAsScaRhythmForAScaledTotal() {
    ProgressEstimator estimator =
        new ProgressEstimator("fastqc", 4.0, "items", 0.5, ProgressEstimator.DEFAULT_THROTTLE);
    double[][] calls = {{0, 0}, {1, 1}, {2, 1}, {3, 2}, {5, 4}};

    List<String> written = updates(estimator, calls);

    assertThat(written)
        .containsExactly(
            "{\"name\": \"fastqc\", \"fraction_done\": 0.0, \"done\": 0.0, \"total\": 2.0, \"units\":"
                + " \"items\", \"time_remaining_sec\": 1e+100, \"wt_avg_rate\": null, \"avg_rate\": null}",
            "{\"name\": \"fastqc\", \"fraction_done\": 0.25, \"done\": 0.5, \"total\": 2.0, \"units\":"
                + " \"items\", \"time_remaining_sec\": 3.000003, \"wt_avg_rate\": 0.4999995000005,"
                + " \"avg_rate\": 0.49999950000050003}",
            "{\"name\": \"fastqc\", \"fraction_done\": 0.25, \"done\": 0.5, \"total\": 2.0, \"units\":"
                + " \"items\", \"time_remaining_sec\": 6.3333396666666655, \"wt_avg_rate\":"
                + " 0.23684186842128951, \"avg_rate\": 0.2499998750000625}",
            "{\"name\": \"fastqc\", \"fraction_done\": 0.5, \"done\": 1.0, \"total\": 2.0, \"units\":"
                + " \"items\", \"time_remaining_sec\": 2.9944781325966847, \"wt_avg_rate\":"
                + " 0.33394800553538934, \"avg_rate\": 0.33333322222225925}",
            "{\"name\": \"fastqc\", \"fraction_done\": 1.0, \"done\": 2.0, \"total\": 2.0, \"units\":"
                + " \"items\", \"time_remaining_sec\": 0.0, \"wt_avg_rate\": 0.38223289779032854,"
                + " \"avg_rate\": 0.399999920000016}");
  }

  @Test
  void writesTheSameProgressObjectsAsScaRhythmForAnUnknownTotal() {
    ProgressEstimator estimator =
        new ProgressEstimator("sda put", null, "bytes", 1024, ProgressEstimator.DEFAULT_THROTTLE);
    double[][] calls = {{0, 0}, {1, 3}, {1.25, 7}, {3, 9.5}};

    List<String> written = updates(estimator, calls);

    assertThat(written)
        .containsExactly(
            "{\"name\": \"sda put\", \"fraction_done\": null, \"done\": 0.0, \"total\": null, \"units\":"
                + " \"bytes\", \"time_remaining_sec\": null, \"wt_avg_rate\": null, \"avg_rate\": null}",
            "{\"name\": \"sda put\", \"fraction_done\": null, \"done\": 3072.0, \"total\": null, \"units\":"
                + " \"bytes\", \"time_remaining_sec\": null, \"wt_avg_rate\": null, \"avg_rate\": null}",
            "null",
            "{\"name\": \"sda put\", \"fraction_done\": null, \"done\": 9728.0, \"total\": null, \"units\":"
                + " \"bytes\", \"time_remaining_sec\": null, \"wt_avg_rate\": null, \"avg_rate\": null}");
  }

  /**
   * Each call's result as Python's json.dumps writes it: the progress object, or null when
   * throttled.
   */
  private static List<String> updates(ProgressEstimator estimator, double[][] calls) {
    List<String> written = new ArrayList<>();
    for (double[] call : calls) {
      Optional<ProgressReport> report = estimator.update(call[1], at(call[0]));
      written.add(Json.write(report.map(ProgressReport::toJson).orElse(null)));
    }
    return written;
  }
}
