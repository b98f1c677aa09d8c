package org.rhythm.ports.out;

import org.rhythm.domain.RhythmException;

/**
 * A delivered message is not a task message Rhythm can run: not JSON, a refused content type,
 * missing fields.
 */
public class MalformedMessageException extends RhythmException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
