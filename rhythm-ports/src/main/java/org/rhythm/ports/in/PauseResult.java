package org.rhythm.ports.in;

import java.util.Optional;
import org.rhythm.domain.workflow.PauseOutcome.RevokedStep;

/** The answer to a pause: whether it paused, and the step whose task it revoked. */
public record PauseResult(boolean paused, Optional<RevokedStep> revokedStep) {
  public static PauseResult notPaused() {
    return new PauseResult(false, Optional.empty());
  }
}
