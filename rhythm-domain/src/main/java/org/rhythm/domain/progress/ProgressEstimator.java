package org.rhythm.domain.progress;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a running task's count of work done into {@link ProgressReport}s with an ETA, computed as
 * sca_rhythm's {@code Progress} and {@code ETA} classes do (IUSCA/rhythm, {@code
 * sca_rhythm/progress.py}).
 *
 * <p>The rate is the fraction done per second between two reports, averaged exponentially (weight
 * 0.9 on the past) with bias correction, so the first measured rate counts in full. The ETA is the
 * fraction left over that rate. The clock of the average rate starts at the first report with a
 * known total. The caller passes the time of every call; the estimator reads no clock.
 *
 * <p>Mutable and not thread-safe: one estimator belongs to one running task, called from one
 * thread.
 */
public final class ProgressEstimator {
  /** sca_rhythm's default: at most one report a second. */
  public static final Duration DEFAULT_THROTTLE = Duration.ofSeconds(1);

  private static final double ALPHA = 0.9;
  // sca_rhythm adds a microsecond to every elapsed time so that it never divides by zero.
  private static final double EPSILON_SEC = 1e-6;

  private final String name;
  private final Double total;
  private final String units;
  private final double unitScale;
  private final Duration throttle;

  private Instant lastEmittedAt;
  private Instant firstMeasuredAt;
  private Instant lastMeasuredAt;
  private double lastFraction;
  private double weightedRateSum;
  private double pastWeight = 1;
  private Double fractionRate;
  private Double averageFractionRate;

  /** An estimator with sca_rhythm's defaults: no unit scale and a throttle of one second. */
  public ProgressEstimator(String name, Double total, String units) {
    this(name, total, units, 1, DEFAULT_THROTTLE);
  }

  /**
   * An estimator whose reports multiply {@code done} and {@code total} by {@code unitScale}, and
   * whose {@link #update} emits at most once per {@code throttle}. A null or zero total is unknown:
   * reports then carry no ETA.
   */
  public ProgressEstimator(
      String name, Double total, String units, double unitScale, Duration throttle) {
    this.name = requireNonNull(name, "name");
    this.units = units;
    this.throttle = requireNonNull(throttle, "throttle");
    if (!(unitScale > 0) || Double.isInfinite(unitScale)) {
      throw new IllegalArgumentException("unit scale must be positive and finite: " + unitScale);
    }
    if (total != null && !Double.isFinite(total)) {
      throw new IllegalArgumentException("total must be finite: " + total);
    }
    if (throttle.isNegative()) {
      throw new IllegalArgumentException("throttle must not be negative: " + throttle);
    }
    this.unitScale = unitScale;
    this.total = total == null ? null : total * unitScale;
  }

  /**
   * The report for {@code done} at {@code now}, or empty when the last report emitted by this
   * method is less than the throttle ago. The first call always emits. A throttled call leaves the
   * estimate untouched.
   */
  public Optional<ProgressReport> update(double done, Instant now) {
    requireNonNull(now, "now");
    if (lastEmittedAt != null && Duration.between(lastEmittedAt, now).compareTo(throttle) < 0) {
      return Optional.empty();
    }
    ProgressReport report = report(done, now);
    lastEmittedAt = now;
    return Optional.of(report);
  }

  /**
   * The report for {@code done} at {@code now}, ignoring the throttle; it advances the estimate
   * like an emitted {@link #update} but does not restart the throttle.
   *
   * @throws IllegalArgumentException if {@code done} is not finite or {@code now} is before the
   *     previous measurement
   */
  public ProgressReport report(double done, Instant now) {
    requireNonNull(now, "now");
    if (!Double.isFinite(done)) {
      throw new IllegalArgumentException("done must be finite: " + done);
    }
    double scaledDone = done * unitScale;
    if (total == null || total == 0) {
      return new ProgressReport(name, null, scaledDone, total, units, null, null, null);
    }
    double fraction = scaledDone / total;
    double timeRemaining = measure(fraction, now);
    return new ProgressReport(
        name,
        fraction,
        scaledDone,
        total,
        units,
        timeRemaining,
        inUnits(fractionRate),
        inUnits(averageFractionRate));
  }

  /**
   * Records the fraction done at {@code now} and returns the seconds left (sca_rhythm's
   * ETA.update).
   */
  private double measure(double fraction, Instant now) {
    if (lastMeasuredAt != null && now.isBefore(lastMeasuredAt)) {
      throw new IllegalArgumentException(
          "progress reported at " + now + ", before the previous report at " + lastMeasuredAt);
    }
    // sca_rhythm answers 0 for a fraction outside [0, 1] and keeps its previous rates.
    if (!(fraction >= 0 && fraction <= 1)) {
      return 0;
    }
    if (lastMeasuredAt == null) {
      firstMeasuredAt = now;
      lastMeasuredAt = now;
      lastFraction = fraction;
      return ProgressReport.UNKNOWN_ETA;
    }
    double rate = (fraction - lastFraction) / (EPSILON_SEC + secondsBetween(lastMeasuredAt, now));
    lastFraction = fraction;
    lastMeasuredAt = now;
    weightedRateSum = ALPHA * weightedRateSum + (1 - ALPHA) * rate;
    pastWeight *= ALPHA;
    fractionRate = weightedRateSum / (1 - pastWeight);
    averageFractionRate = fraction / (EPSILON_SEC + secondsBetween(firstMeasuredAt, now));
    return isNearZero(fractionRate) ? ProgressReport.UNKNOWN_ETA : (1 - fraction) / fractionRate;
  }

  /**
   * A rate in units per second; null while unknown or zero, as sca_rhythm tests the rate for truth.
   */
  private Double inUnits(Double rate) {
    return rate == null || rate == 0 ? null : total * rate;
  }

  /** Python's {@code math.isclose(rate, 0, rel_tol=1e-05, abs_tol=1e-08)}. */
  private static boolean isNearZero(double rate) {
    return Math.abs(rate) <= Math.max(1e-5 * Math.abs(rate), 1e-8);
  }

  private static double secondsBetween(Instant from, Instant to) {
    Duration elapsed = Duration.between(from, to);
    return elapsed.getSeconds() + elapsed.getNano() / 1e9;
  }
}
