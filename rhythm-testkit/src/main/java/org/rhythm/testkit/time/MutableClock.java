package org.rhythm.testkit.time;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it with {@link #advance} or {@link #set}.
 * Thread-safe: readers on other threads see every move at once. Clocks made by {@link #withZone}
 * share this clock's time.
 */
public final class MutableClock extends Clock {
  /** Where a clock made without a start instant starts: 2024-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** A clock at {@link #DEFAULT_START}, in UTC. */
  public MutableClock() {
    this(DEFAULT_START);
  }

  /** A clock at {@code start}, in UTC. */
  public MutableClock(Instant start) {
    this(new AtomicReference<>(requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = requireNonNull(zone, "zone");
  }

  /**
   * Moves the clock forward by {@code step} (backward when it is negative) and returns the new
   * time.
   */
  public Instant advance(Duration step) {
    requireNonNull(step, "step");
    return now.updateAndGet(current -> current.plus(step));
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new MutableClock(now, newZone);
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + "," + zone + "]";
  }
}
