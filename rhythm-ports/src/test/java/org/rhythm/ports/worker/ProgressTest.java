package org.rhythm.ports.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.progress.ProgressReport;

class ProgressTest {
  private final SteppingClock clock = new SteppingClock();
  private final List<ProgressReport> reports = new ArrayList<>();

  @Test
  void theFirstUpdateIsReportedAtOnceWithAnUnknownEta() {
    Progress progress = progress("copy", 10.0, "files");

    progress.update(5);

    assertThat(reports)
        .containsExactly(
            new ProgressReport(
                "copy", 0.5, 5, 10.0, "files", ProgressReport.UNKNOWN_ETA, null, null));
  }

  @Test
  void updatesLessThanASecondAfterTheLastReportAreDropped() {
    Progress progress = progress("copy", 10.0, "files");

    progress.update(1);
    clock.advance(Duration.ofMillis(999));
    progress.update(2);
    clock.advance(Duration.ofMillis(1));
    progress.update(3);

    assertThat(reports).extracting(ProgressReport::done).containsExactly(1.0, 3.0);
  }

  @Test
  void theEtaIsTheFractionLeftOverTheRateBetweenReports() {
    Progress progress = progress("copy", 100.0, "bytes");

    progress.update(0);
    clock.advance(Duration.ofSeconds(1));
    progress.update(10);

    assertThat(reports.get(1).timeRemainingSec()).isCloseTo(9.0, within(1e-3));
  }

  @Test
  void trackingACollectionWithoutATotalTakesItsSizeAsTheTotal() {
    Progress progress = progress("items", null, null);
    List<String> seen = new ArrayList<>();

    for (String item : progress.track(List.of("a", "b", "c"))) {
      seen.add(item);
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(seen).containsExactly("a", "b", "c");
    assertThat(reports).extracting(ProgressReport::done).containsExactly(0.0, 1.0, 2.0, 3.0);
    assertThat(reports).extracting(ProgressReport::total).containsOnly(3.0);
    assertThat(reports.get(3).fractionDone()).isEqualTo(1.0);
  }

  @Test
  void trackingAnIterableOfUnknownSizeReportsCountsWithoutAnEta() {
    Progress progress = progress("lines", null, "lines");
    Iterable<Integer> lines = () -> List.of(1, 2).iterator();

    for (Iterator<Integer> it = progress.track(lines).iterator(); it.hasNext(); ) {
      it.next();
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(reports).extracting(ProgressReport::done).containsExactly(0.0, 1.0, 2.0);
    assertThat(reports).extracting(ProgressReport::timeRemainingSec).containsOnlyNulls();
  }

  private Progress progress(String name, Double total, String units) {
    return new Progress(name, total, units, clock, this::record);
  }

  private void record(Map<String, Object> json) {
    reports.add(ProgressReport.fromJson(json));
  }

  /** A clock that moves only when the test says so. */
  private static final class SteppingClock extends Clock {
    private Instant now = Instant.parse("2024-01-01T00:00:00Z");

    void advance(Duration step) {
      now = now.plus(step);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a test clock stays in UTC");
    }
  }
}
