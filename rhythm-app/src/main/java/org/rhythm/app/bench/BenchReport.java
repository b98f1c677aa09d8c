package org.rhythm.app.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What a bench run measured and found. */
public record BenchReport(
    BenchSettings settings,
    String broker,
    String store,
    long transitions,
    double seconds,
    double transitionsPerSecond,
    Percentiles stepLatency,
    Percentiles workflowLatency,
    double storeRoundTripsPerTransition,
    long peakRssMb,
    int workflowsSucceeded,
    Anomalies anomalies) {

  /** Outcomes that must never happen; any of them fails the bench. */
  public record Anomalies(int lostRuns, int duplicateRuns, int wrongArgs, int stuckWorkflows) {
    int total() {
      return lostRuns + duplicateRuns + wrongArgs + stuckWorkflows;
    }
  }

  public boolean hasAnomalies() {
    return anomalies.total() > 0;
  }

  /** The report as one JSON object (DESIGN.md §7). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("transitions_per_second", round(transitionsPerSecond));
    json.put("step_latency_ms", latency(stepLatency, true));
    json.put("workflow_ms", latency(workflowLatency, false));
    json.put("store_round_trips_per_transition", round(storeRoundTripsPerTransition));
    json.put("peak_rss_mb", peakRssMb);
    json.put("workflows_succeeded", (long) workflowsSucceeded);
    Map<String, Object> found = new LinkedHashMap<>();
    found.put("lost_runs", (long) anomalies.lostRuns());
    found.put("duplicate_runs", (long) anomalies.duplicateRuns());
    found.put("wrong_args", (long) anomalies.wrongArgs());
    found.put("stuck_workflows", (long) anomalies.stuckWorkflows());
    json.put("anomalies", found);
    json.put("transitions", transitions);
    json.put("seconds", round(seconds));
    Map<String, Object> used = new LinkedHashMap<>();
    used.put("broker", broker);
    used.put("store", store);
    used.put("workflows", (long) settings.workflows());
    used.put("steps", (long) settings.steps());
    used.put("concurrency", (long) settings.concurrency());
    used.put("prefetch", (long) settings.prefetch());
    used.put("warmup_workflows", (long) settings.warmupWorkflows());
    used.put("available_processors", (long) Runtime.getRuntime().availableProcessors());
    json.put("settings", used);
    return json;
  }

  /** The report for a person to read. */
  public String toText() {
    return String.format(
        Locale.ROOT,
        "rhythm bench: %d workflows x %d steps, broker %s, store %s, concurrency %d%n"
            + "  transitions        %d in %.3f s = %.0f transitions/s%n"
            + "  step-to-step (ms)  p50 %.3f  p95 %.3f  p99 %.3f%n"
            + "  workflow (ms)      p50 %.3f  p99 %.3f%n"
            + "  store round trips  %.2f per transition%n"
            + "  peak RSS           %d MB%n"
            + "  outcome            %d/%d workflows SUCCESS; lost runs %d, duplicate runs %d,"
            + " wrong args %d, stuck workflows %d%n",
        settings.workflows(),
        settings.steps(),
        broker,
        store,
        settings.concurrency(),
        transitions,
        seconds,
        transitionsPerSecond,
        stepLatency.p50(),
        stepLatency.p95(),
        stepLatency.p99(),
        workflowLatency.p50(),
        workflowLatency.p99(),
        storeRoundTripsPerTransition,
        peakRssMb,
        workflowsSucceeded,
        settings.workflows(),
        anomalies.lostRuns(),
        anomalies.duplicateRuns(),
        anomalies.wrongArgs(),
        anomalies.stuckWorkflows());
  }

  private static Map<String, Object> latency(Percentiles percentiles, boolean withP95) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("p50", round(percentiles.p50()));
    if (withP95) {
      json.put("p95", round(percentiles.p95()));
    }
    json.put("p99", round(percentiles.p99()));
    return json;
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
