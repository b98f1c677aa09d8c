package org.rhythm.ports.out;

import org.rhythm.domain.RhythmException;

/**
 * An adapter could not reach its server or was interrupted; nothing was half-written and a retry
 * may succeed.
 */
public class TransientFailureException extends RhythmException {
  private static final long serialVersionUID = 1L;

  public TransientFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
