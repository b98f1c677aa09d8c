package org.rhythm.app.cli;

import org.rhythm.domain.RhythmException;

/** The command line was not understood; the message says what was wrong. */
final class UsageException extends RhythmException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
