package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rhythm server} serves its meters at {@code /metrics} to a scraper without a token. */
class ServerMetricsTest {
  @TempDir Path dir;

  @Test
  void theServerServesItsMetersWithoutAToken() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    int keys =
        new RhythmCli(quiet, new PrintStream(err, true, StandardCharsets.UTF_8))
            .run("keys", "--dir", dir.toString());
    assertThat(keys).as(err.toString(StandardCharsets.UTF_8)).isZero();

    HttpResponse<String> scrape;
    try (ServerCommand.Running server =
        ServerCommand.start(
            ServerCommand.settings(
                List.of("--port", "0", "--public-key", dir.resolve("auth.pub").toString())))) {
      scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.api().url() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString());
    }

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(scrape.body())
        .contains("# TYPE rhythm_workflows gauge")
        .contains("rhythm_workflows{status=\"PENDING\"} 0")
        .contains("rhythm_pauses_total{outcome=\"paused\"} 0")
        .contains("process_uptime_seconds");
  }
}
