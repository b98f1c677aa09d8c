package org.rhythm.domain.progress;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a running task reports about its progress: sca_rhythm's progress object, stored as the
 * task's result while it is STARTED.
 *
 * <p>{@code done} and {@code total} are in units (after sca_rhythm's {@code unit_scale}); {@code
 * fractionDone} is {@code done / total}; {@code timeRemainingSec} is the ETA in seconds, {@link
 * #UNKNOWN_ETA} when it cannot be known yet; {@code wtAvgRate} (recent, exponentially weighted) and
 * {@code avgRate} (since the first report) are in units per second. {@code fractionDone}, {@code
 * timeRemainingSec} and both rates are null when the total is unknown (null or zero); a rate is
 * also null while it is zero or not measured yet. {@code total} and {@code units} are null when not
 * given. {@code name} is never null (sca_rhythm's default is the empty string). Numbers are finite.
 */
public record ProgressReport(
    String name,
    Double fractionDone,
    double done,
    Double total,
    String units,
    Double timeRemainingSec,
    Double wtAvgRate,
    Double avgRate) {

  /**
   * sca_rhythm's ETA for "cannot be known": JSON has no infinity, so a huge finite number stands
   * in.
   */
  public static final double UNKNOWN_ETA = 1e100;

  public ProgressReport {
    requireNonNull(name, "name");
    requireFinite("fraction_done", fractionDone);
    requireFinite("done", done);
    requireFinite("total", total);
    requireFinite("time_remaining_sec", timeRemainingSec);
    requireFinite("wt_avg_rate", wtAvgRate);
    requireFinite("avg_rate", avgRate);
  }

  /**
   * The progress object as sca_rhythm writes it: its eight keys in its order, unknown values as
   * JSON null.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("fraction_done", fractionDone);
    json.put("done", done);
    json.put("total", total);
    json.put("units", units);
    json.put("time_remaining_sec", timeRemainingSec);
    json.put("wt_avg_rate", wtAvgRate);
    json.put("avg_rate", avgRate);
    return Collections.unmodifiableMap(json);
  }

  /**
   * Reads a progress object; a missing key counts as null (a missing or null name as empty, a
   * missing done as zero), integers are taken as doubles and unknown keys are ignored.
   *
   * @throws IllegalArgumentException when a value has the wrong JSON type
   */
  public static ProgressReport fromJson(Map<String, ?> json) {
    requireNonNull(json, "json");
    String name = text(json, "name");
    Double done = number(json, "done");
    return new ProgressReport(
        name == null ? "" : name,
        number(json, "fraction_done"),
        done == null ? 0 : done,
        number(json, "total"),
        text(json, "units"),
        number(json, "time_remaining_sec"),
        number(json, "wt_avg_rate"),
        number(json, "avg_rate"));
  }

  private static Double number(Map<String, ?> json, String key) {
    Object value = json.get(key);
    if (value == null || value instanceof Number) {
      return value == null ? null : ((Number) value).doubleValue();
    }
    throw wrongType(key, "a number", value);
  }

  private static String text(Map<String, ?> json, String key) {
    Object value = json.get(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw wrongType(key, "a string", value);
  }

  private static IllegalArgumentException wrongType(String key, String expected, Object value) {
    return new IllegalArgumentException(
        "progress field '" + key + "' is not " + expected + " but " + value.getClass().getName());
  }

  private static void requireFinite(String key, Double value) {
    if (value != null && !Double.isFinite(value)) {
      throw new IllegalArgumentException("progress field '" + key + "' is not finite: " + value);
    }
  }
}
