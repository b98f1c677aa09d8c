package org.rhythm.ports.worker;

import org.rhythm.domain.RhythmException;

/** A task returned something that cannot be a step's result: not a non-empty JSON list. */
public class InvalidTaskResultException extends RhythmException {
  private static final long serialVersionUID = 1L;

  public InvalidTaskResultException(String message) {
    super(message);
  }
}
