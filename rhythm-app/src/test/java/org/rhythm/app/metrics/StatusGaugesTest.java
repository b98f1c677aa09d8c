package org.rhythm.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowQueries;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.in.WorkflowViewPage;
import org.rhythm.ports.out.TransientFailureException;
import org.rhythm.ports.out.WorkflowQuery;

class StatusGaugesTest {
  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

  @Test
  void theGaugesCountTheWorkflowsOfEveryAppInTheStore() {
    try (MeteredRhythm rhythm = new MeteredRhythm()) {
      rhythm.commands.create(spec("app-1"));
      rhythm.commands.create(spec("app-2"));
      rhythm.commands.create(spec("app-2"));
      StatusGauges.register(registry, rhythm.service, StatusGauges.CACHE_FOR);

      double pending = gauge(WorkflowStatus.PENDING);

      assertThat(pending).isEqualTo(3);
      assertThat(gauge(WorkflowStatus.STARTED)).isZero();
      assertThat(gauge(WorkflowStatus.SUCCESS)).isZero();
      assertThat(gauge(WorkflowStatus.FAILURE)).isZero();
      assertThat(gauge(WorkflowStatus.REVOKED)).isZero();
    }
  }

  @Test
  void aScrapeAsksTheStoreOnceAndAgainOnlyAfterTheCacheTime() {
    Counts counts = new Counts(Map.of(WorkflowStatus.PENDING, 3L));
    StatusGauges.register(registry, counts, Duration.ofSeconds(5));
    WorkflowStatus.STANDARD.forEach(this::gauge);
    counts.now = Map.of(WorkflowStatus.PENDING, 4L);

    double cached = gauge(WorkflowStatus.PENDING);
    clock.add(Duration.ofSeconds(5));
    double fresh = gauge(WorkflowStatus.PENDING);

    assertThat(cached).isEqualTo(3);
    assertThat(fresh).isEqualTo(4);
    assertThat(counts.calls.get()).isEqualTo(2);
  }

  @Test
  void aCustomStatusGetsItsGaugeOnceCounted() {
    WorkflowStatus progress = WorkflowStatus.of("PROGRESS");
    Counts counts = new Counts(Map.of(WorkflowStatus.STARTED, 1L, progress, 2L));
    StatusGauges.register(registry, counts, Duration.ofSeconds(5));

    gauge(WorkflowStatus.STARTED);

    assertThat(gauge(progress)).isEqualTo(2);
  }

  @Test
  void whileTheStoreCannotBeReadTheGaugesAreNotANumberAndAskAgainAfterTheCacheTime() {
    Counts counts = new Counts(null);
    StatusGauges.register(registry, counts, Duration.ofSeconds(5));

    double failed = gauge(WorkflowStatus.PENDING);
    double stillCached = gauge(WorkflowStatus.SUCCESS);
    counts.now = Map.of(WorkflowStatus.PENDING, 1L);
    clock.add(Duration.ofSeconds(5));
    double back = gauge(WorkflowStatus.PENDING);

    assertThat(failed).isNaN();
    assertThat(stillCached).isNaN();
    assertThat(back).isEqualTo(1);
    assertThat(counts.calls.get()).isEqualTo(2);
  }

  private double gauge(WorkflowStatus status) {
    Gauge gauge = registry.get("rhythm.workflows").tag("status", status.name()).gauge();
    return gauge.value();
  }

  private static WorkflowSpec spec(String app) {
    return WorkflowSpec.of("counted", app, StepSpec.of("a", "t").onQueue("nobody"));
  }

  /** Counts as set by the test, or a store outage when null; remembers how often it was asked. */
  private static final class Counts implements WorkflowQueries {
    volatile Map<WorkflowStatus, Long> now;
    final AtomicInteger calls = new AtomicInteger();

    Counts(Map<WorkflowStatus, Long> now) {
      this.now = now;
    }

    @Override
    public Map<WorkflowStatus, Long> countsByStatus(String appId) {
      calls.incrementAndGet();
      if (now == null) {
        throw new TransientFailureException(
            "the store is down", new java.io.IOException("connection refused"));
      }
      return now;
    }

    @Override
    public WorkflowView view(WorkflowId id, ViewOptions options) {
      throw new UnsupportedOperationException("only counts are read");
    }

    @Override
    public WorkflowViewPage list(WorkflowQuery query, ViewOptions options) {
      throw new UnsupportedOperationException("only counts are read");
    }

    @Override
    public List<String> taskStepNames() {
      throw new UnsupportedOperationException("only counts are read");
    }
  }
}
