package org.rhythm.ports.in;

import java.util.Optional;

/** The answer to a resume: the step restarted, or why nothing was. */
public record ResumeResult(boolean resumed, Optional<RestartedStep> restartedStep, String reason) {

  /** The step a resume restarted. */
  public record RestartedStep(String name, String task) {}

  public static ResumeResult resumed(String name, String task) {
    return new ResumeResult(true, Optional.of(new RestartedStep(name, task)), null);
  }

  public static ResumeResult refused(String reason) {
    return new ResumeResult(false, Optional.empty(), reason);
  }
}
