package org.rhythm.domain.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.json.Json;

class ProgressReportTest {
  private static final ProgressReport TAR =
      new ProgressReport("tar", 0.42, 123456.0, 293939.0, "bytes", 12.5, 1024.0, 998.1);

  @Test
  void writesScaRhythmsKeysInItsOrder() {
    Map<String, Object> json = TAR.toJson();

    assertThat(json)
        .containsExactly(
            Map.entry("name", "tar"),
            Map.entry("fraction_done", 0.42),
            Map.entry("done", 123456.0),
            Map.entry("total", 293939.0),
            Map.entry("units", "bytes"),
            Map.entry("time_remaining_sec", 12.5),
            Map.entry("wt_avg_rate", 1024.0),
            Map.entry("avg_rate", 998.1));
  }

  @Test
  void writesTheTextPythonWritesForTheSameObject() {
    String written = Json.write(TAR.toJson());

    assertThat(written)
        .isEqualTo(
            "{\"name\": \"tar\", \"fraction_done\": 0.42, \"done\": 123456.0, \"total\": 293939.0,"
                + " \"units\": \"bytes\", \"time_remaining_sec\": 12.5, \"wt_avg_rate\": 1024.0,"
                + " \"avg_rate\": 998.1}");
  }

  @Test
  void keepsUnknownValuesAsNulls() {
    ProgressReport unknownTotal = new ProgressReport("", null, 3.0, null, null, null, null, null);

    String written = Json.write(unknownTotal.toJson());

    assertThat(written)
        .isEqualTo(
            "{\"name\": \"\", \"fraction_done\": null, \"done\": 3.0, \"total\": null, \"units\": null,"
                + " \"time_remaining_sec\": null, \"wt_avg_rate\": null, \"avg_rate\": null}");
  }

  @Test
  void readsBackWhatItWrites() {
    ProgressReport unknownEta =
        new ProgressReport("step", 0.0, 0.0, 30.0, "items", ProgressReport.UNKNOWN_ETA, null, null);
    String written = Json.write(unknownEta.toJson());

    @SuppressWarnings("unchecked")
    ProgressReport read = ProgressReport.fromJson((Map<String, ?>) Json.parse(written));

    assertThat(read).isEqualTo(unknownEta);
    assertThat(written).contains("\"time_remaining_sec\": 1e+100");
  }

  @Test
  void readsIntegersAndToleratesMissingKeys() {
    Map<String, Object> pythonProgress =
        Map.of("name", "step", "done", 1L, "total", 30L, "units", "items");

    ProgressReport read = ProgressReport.fromJson(pythonProgress);

    assertThat(read)
        .isEqualTo(new ProgressReport("step", null, 1.0, 30.0, "items", null, null, null));
  }

  @Test
  void readsACustomProgressShapeWithoutDone() {
    Map<String, Object> awaitStability =
        Map.of("name", "2024-01-05T14:03:22.123456", "time_remaining_sec", -3.2);

    ProgressReport read = ProgressReport.fromJson(awaitStability);

    assertThat(read)
        .isEqualTo(
            new ProgressReport(
                "2024-01-05T14:03:22.123456", null, 0.0, null, null, -3.2, null, null));
  }

  @Test
  void refusesAValueOfTheWrongType() {
    Map<String, Object> json = Map.of("name", "step", "done", "seven");

    assertThatThrownBy(() -> ProgressReport.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("progress field 'done' is not a number but java.lang.String");
  }

  @Test
  void refusesNumbersThatAreNotFinite() {
    assertThatThrownBy(
            () -> new ProgressReport("step", Double.NaN, 0.0, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("progress field 'fraction_done' is not finite: NaN");
  }
}
