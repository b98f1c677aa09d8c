package org.rhythm.app.metrics;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: every meter of the registry in the Prometheus text format, or in
 * OpenMetrics when the scraper's {@code Accept} header asks for it (Prometheus does by default).
 * The answer holds only aggregate numbers, no workflow or task id, so the server serves it without
 * a token like {@code /health}: scrapers seldom carry bearer tokens.
 */
public final class MetricsRoute implements Handler {
  /** Where Prometheus scrapes by default. */
  public static final String PATH = "/metrics";

  /** The Prometheus text format 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** OpenMetrics 1.0 text. */
  static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsRoute(PrometheusMeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public void handle(Context ctx) throws IOException {
    String format = format(ctx.header("Accept"));
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    // The registry picks its writer from the same content type, so body and header agree.
    registry.scrape(body, format);
    ctx.status(200).contentType(format).result(body.toByteArray());
  }

  /**
   * OpenMetrics when accepted at all, else the Prometheus text format, whose 0.0.4 version every
   * scraper reads; Prometheus's protobuf format is never chosen.
   */
  static String format(String accept) {
    return accept != null && accept.contains("application/openmetrics-text")
        ? OPEN_METRICS
        : PROMETHEUS_TEXT;
  }
}
