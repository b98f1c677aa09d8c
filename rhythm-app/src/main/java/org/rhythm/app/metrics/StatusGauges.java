package org.rhythm.app.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.WorkflowQueries;

/**
 * {@code rhythm.workflows{status}}: how many workflows of every app the store holds in each status,
 * whoever moved them (this process, other servers, Python workers). The gauges ask the store only
 * when read, at most once per {@code cacheFor} however many gauges a scrape reads, so a scrape
 * costs one {@code counts_by_status} query. The five standard statuses are always there; a custom
 * status gets its gauge once a count shows it. While the store cannot be read the gauges read NaN.
 */
public final class StatusGauges {
  /** How long one count of the store serves the gauges. */
  public static final Duration CACHE_FOR = Duration.ofSeconds(5);

  private static final System.Logger LOG = System.getLogger(StatusGauges.class.getName());

  private final WorkflowQueries queries;
  private final MeterRegistry registry;
  private final Clock clock;
  private final long cacheNanos;
  private final Set<WorkflowStatus> gauged = ConcurrentHashMap.newKeySet();
  private volatile Counts last;

  /** One reading of the store; {@code counts} is null when the store could not be read. */
  private record Counts(Map<WorkflowStatus, Long> counts, long at) {}

  private StatusGauges(WorkflowQueries queries, MeterRegistry registry, Duration cacheFor) {
    this.queries = requireNonNull(queries, "queries");
    this.registry = requireNonNull(registry, "registry");
    this.clock = registry.config().clock();
    this.cacheNanos = cacheFor.toNanos();
  }

  /** Registers the gauges of the standard statuses on {@code registry}. */
  public static StatusGauges register(
      MeterRegistry registry, WorkflowQueries queries, Duration cacheFor) {
    if (cacheFor.isNegative()) {
      throw new IllegalArgumentException("the status counts' cache time is not negative");
    }
    StatusGauges gauges = new StatusGauges(queries, registry, cacheFor);
    WorkflowStatus.STANDARD.forEach(gauges::gauge);
    return gauges;
  }

  private void gauge(WorkflowStatus status) {
    if (gauged.add(status)) {
      Gauge.builder("rhythm.workflows", this, gauges -> gauges.count(status))
          .description("Workflows of every app in the store with this status")
          .tag("status", status.name())
          // Held by the registry: nothing else keeps these gauges alive.
          .strongReference(true)
          .register(registry);
    }
  }

  private double count(WorkflowStatus status) {
    Map<WorkflowStatus, Long> counts = counts();
    return counts == null ? Double.NaN : counts.getOrDefault(status, 0L);
  }

  /** The cached counts, read again once they are older than the cache time. */
  private Map<WorkflowStatus, Long> counts() {
    Counts cached = last;
    if (cached != null && clock.monotonicTime() - cached.at() < cacheNanos) {
      return cached.counts();
    }
    synchronized (this) {
      // Only scrapes come here: gauges read at once wait for one query instead of each making one.
      cached = last;
      long now = clock.monotonicTime();
      if (cached == null || now - cached.at() >= cacheNanos) {
        cached = new Counts(read(), now);
        last = cached;
      }
      return cached.counts();
    }
  }

  private Map<WorkflowStatus, Long> read() {
    try {
      Map<WorkflowStatus, Long> counts = queries.countsByStatus(null);
      counts.keySet().forEach(this::gauge);
      return Map.copyOf(counts);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the workflows by status could not be counted: {0}", e.toString());
      return null;
    }
  }
}
