package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.metrics.MetricsRoute;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * {@code GET /metrics} on a real server over Rhythm in this JVM, after bioloop's workflow ran on a
 * Java worker: the Prometheus text parses, and shows what happened under the documented names.
 */
class MetricsHttpTest {
  private static final String SCRAPED_QUEUE = "queue=\"" + Samples.QUEUE + "\"";

  private final RhythmApp app = RhythmMain.inMemory();
  private final WorkflowHttpApi api =
      new WorkflowHttpApi(
          app.commands(),
          app.queries(),
          HttpSettings.of(TestKeys.publicKey()).withPort(0).withIssuer(TestKeys.ISSUER),
          Clock.systemUTC());
  private ApiClient client;

  @AfterEach
  void close() {
    api.close();
    app.close();
  }

  @Test
  void aScrapeWithoutATokenShowsTheWorkflowsAndStepsAJavaWorkerRan() {
    start();
    String id = runIntegrated();

    ApiClient.Answer scrape = client.send("GET", "/metrics", null, null);

    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    Map<String, Double> samples = Exposition.parse(scrape.body());
    assertThat(samples)
        .containsEntry("rhythm_workflows{status=\"SUCCESS\"}", 1.0)
        .containsEntry("rhythm_workflows{status=\"PENDING\"}", 0.0)
        .containsEntry("rhythm_workflow_creations_total", 1.0)
        .containsEntry("rhythm_workflow_starts_total", 1.0)
        .containsEntry("rhythm_transitions_total{state=\"STARTED\"}", 2.0)
        .containsEntry("rhythm_transitions_total{state=\"SUCCESS\"}", 2.0)
        .containsEntry("rhythm_dispatch_latency_seconds_count{" + SCRAPED_QUEUE + "}", 2.0)
        .containsEntry(
            "rhythm_step_duration_seconds_count{outcome=\"SUCCESS\","
                + SCRAPED_QUEUE
                + ",task=\"archive_dataset\"}",
            1.0)
        .containsEntry(
            "rhythm_step_duration_seconds_bucket{outcome=\"SUCCESS\","
                + SCRAPED_QUEUE
                + ",task=\"inspect_dataset\",le=\"+Inf\"}",
            1.0)
        .containsEntry(
            "rhythm_step_duration_seconds_bucket{outcome=\"SUCCESS\","
                + SCRAPED_QUEUE
                + ",task=\"inspect_dataset\",le=\"86400.0\"}",
            1.0)
        .containsKey("process_uptime_seconds");
    assertThat(samples.keySet())
        .anyMatch(name -> name.startsWith("jvm_memory_used_bytes{area=\"heap\""))
        .anyMatch(name -> name.startsWith("jvm_threads_live_threads"));
    assertThat(scrape.body()).doesNotContain(id);
  }

  @Test
  void aScraperThatAcceptsOpenMetricsGetsIt() {
    start();
    runIntegrated();

    ApiClient.Answer scrape =
        client.send(
            HttpRequest.newBuilder(URI.create(api.url() + "/metrics"))
                .header(
                    "Accept",
                    "application/openmetrics-text;version=1.0.0;q=0.5,"
                        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2")
                .timeout(Duration.ofSeconds(10))
                .build());

    assertThat(scrape.status()).isEqualTo(200);
    assertThat(scrape.contentType())
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(scrape.body()).endsWith("# EOF\n");
    assertThat(Exposition.parse(scrape.body()))
        .containsEntry("rhythm_transitions_total{state=\"SUCCESS\"}", 2.0);
  }

  @Test
  void onlyTheScrapeIsOpenTheWorkflowsStillNeedAToken() {
    start();

    int workflows = client.send("GET", "/workflows", null, null).status();
    int metrics = client.send("GET", "/metrics", null, null).status();

    assertThat(workflows).isEqualTo(401);
    assertThat(metrics).isEqualTo(200);
  }

  private void start() {
    api.serveOpenly(MetricsRoute.PATH, new MetricsRoute(app.metrics()));
    api.start();
    client = new ApiClient(api.url(), TestKeys.token());
  }

  /** bioloop's two steps through the API on a Java worker; waits until both are metered. */
  private String runIntegrated() {
    app.startWorker(
        WorkerSettings.of("metrics@test", List.of(Samples.QUEUE), 1),
        new TaskRegistry()
            .register("inspect_dataset", context -> List.of(context.args().get(0)))
            .register("archive_dataset", context -> List.of(context.args().get(0))));
    ApiClient.Answer created = client.post("/workflows", Samples.integrated(Samples.QUEUE));
    String id = (String) ((Map<?, ?>) created.json()).get("workflow_id");
    assertThat(
            Samples.await(
                () -> {
                  var done = app.metrics().find("rhythm.transitions").tag("state", "SUCCESS");
                  return done.counter() != null && done.counter().count() == 2;
                }))
        .as("both steps of %s succeeded", id)
        .isTrue();
    return id;
  }

  /**
   * Reads the Prometheus text format and OpenMetrics: every sample as {@code name{labels}} (labels
   * in the order written) to its value. Fails on a line that is neither a comment nor a sample, and
   * on a sample no {@code # TYPE} line introduced.
   */
  static final class Exposition {
    private static final Pattern SAMPLE =
        Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)( \\S+)?");
    private static final Pattern LABEL =
        Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\"");

    static Map<String, Double> parse(String text) {
      Map<String, Double> samples = new TreeMap<>();
      List<String> typed = new java.util.ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.startsWith("# TYPE ")) {
          typed.add(line.split(" ")[2]);
        } else if (!line.startsWith("#") && !line.isEmpty()) {
          Matcher sample = SAMPLE.matcher(line);
          assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
          String name = sample.group(1);
          assertThat(typed).as("the family of %s", line).anyMatch(name::startsWith);
          String labels = sample.group(2) == null ? "" : sample.group(2);
          assertThat(labels.isEmpty() || labelsParse(labels)).as("labels of %s", line).isTrue();
          samples.put(name + labels, value(sample.group(3)));
        }
      }
      return samples;
    }

    private static boolean labelsParse(String labels) {
      String inner = labels.substring(1, labels.length() - 1);
      Matcher label = LABEL.matcher(inner);
      int at = 0;
      while (label.find() && label.start() == at) {
        at = label.end();
        if (at < inner.length() && inner.charAt(at) == ',') {
          at++;
        }
      }
      return at == inner.length();
    }

    private static double value(String text) {
      return switch (text) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(text);
      };
    }
  }
}
