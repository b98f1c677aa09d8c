package org.rhythm.ports.service;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the reconciler repairs (DESIGN.md §3.9): a dispatch not started within {@code
 * dispatchTimeout} is sent again; a run whose Java worker sent no heartbeat for {@code
 * heartbeatTimeout} is marked lost; workflows are read {@code pageSize} at a time.
 */
public record ReconcilerSettings(
    Duration dispatchTimeout, Duration heartbeatTimeout, int pageSize) {
  public static final ReconcilerSettings DEFAULTS =
      new ReconcilerSettings(Duration.ofMinutes(5), Duration.ofMinutes(2), 200);

  public ReconcilerSettings {
    requireNonNull(dispatchTimeout, "dispatchTimeout");
    requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize is at least 1, not " + pageSize);
    }
  }
}
