package org.rhythm.ports.service;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the workflow service behaves: the queue of steps that name none, the lease of the resume lock
 * (DESIGN.md §3.7), and how many times a transition is decided again after losing a race before
 * giving up.
 */
public record ServiceSettings(
    String defaultQueue, Duration resumeLease, int maxRaces, Backoff transientRetry) {
  public static final ServiceSettings DEFAULTS =
      new ServiceSettings("celery", Duration.ofMinutes(10), 64, Backoff.DEFAULT);

  /** Settings that retry transient failures as {@link Backoff#DEFAULT} does. */
  public ServiceSettings(String defaultQueue, Duration resumeLease, int maxRaces) {
    this(defaultQueue, resumeLease, maxRaces, Backoff.DEFAULT);
  }

  public ServiceSettings {
    requireNonNull(transientRetry, "transientRetry");
    requireNonNull(defaultQueue, "defaultQueue");
    if (defaultQueue.isBlank()) {
      throw new IllegalArgumentException("the default queue is not blank");
    }
    requireNonNull(resumeLease, "resumeLease");
    if (resumeLease.isNegative() || resumeLease.isZero()) {
      throw new IllegalArgumentException("the resume lease is positive, not " + resumeLease);
    }
    if (maxRaces < 1) {
      throw new IllegalArgumentException("maxRaces is at least 1, not " + maxRaces);
    }
  }

  public ServiceSettings withDefaultQueue(String queue) {
    return new ServiceSettings(queue, resumeLease, maxRaces, transientRetry);
  }

  public ServiceSettings withResumeLease(Duration lease) {
    return new ServiceSettings(defaultQueue, lease, maxRaces, transientRetry);
  }

  public ServiceSettings withTransientRetry(Backoff backoff) {
    return new ServiceSettings(defaultQueue, resumeLease, maxRaces, backoff);
  }
}
