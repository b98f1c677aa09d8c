package org.rhythm.ports.service;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the workflow service behaves: the queue of steps that name none, the lease of the resume lock
 * (DESIGN.md §3.7), and how many times a transition is decided again after losing a race before
 * giving up.
 */
public record ServiceSettings(String defaultQueue, Duration resumeLease, int maxRaces) {
  public static final ServiceSettings DEFAULTS =
      new ServiceSettings("celery", Duration.ofMinutes(10), 64);

  public ServiceSettings {
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
    return new ServiceSettings(queue, resumeLease, maxRaces);
  }

  public ServiceSettings withResumeLease(Duration lease) {
    return new ServiceSettings(defaultQueue, lease, maxRaces);
  }
}
