package org.rhythm.testkit.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.rhythm.testkit.fixture.Race;

class MutableClockTest {
  private static final Instant START = Instant.parse("2025-06-01T12:00:00Z");

  @Test
  void standsStillAtItsStartInstant() {
    MutableClock clock = new MutableClock(START);

    Instant now = clock.instant();

    assertThat(now).isEqualTo(START);
  }

  @Test
  void startsAtTheDefaultInstantWhenGivenNone() {
    MutableClock clock = new MutableClock();

    Instant now = clock.instant();

    assertThat(now).isEqualTo(MutableClock.DEFAULT_START);
  }

  @Test
  void advancingMovesTheTimeForward() {
    MutableClock clock = new MutableClock(START);

    clock.advance(Duration.ofSeconds(90));

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(90));
  }

  @Test
  void settingMovesTheTimeToTheGivenInstant() {
    MutableClock clock = new MutableClock(START);

    clock.set(START.minusSeconds(5));

    assertThat(clock.instant()).isEqualTo(START.minusSeconds(5));
  }

  @Test
  void aClockInAnotherZoneSharesTheTime() {
    MutableClock clock = new MutableClock(START);
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofMinutes(1));

    assertThat(paris.instant()).isEqualTo(START.plusSeconds(60));
  }

  @Test
  void concurrentAdvancesAreAllCounted() {
    MutableClock clock = new MutableClock(START);

    Race.run(8, caller -> clock.advance(Duration.ofMillis(1)));

    assertThat(clock.instant()).isEqualTo(START.plusMillis(8));
  }
}
