package org.rhythm.domain;

/** The base of every exception Rhythm throws; unchecked, with a message that names the facts. */
public class RhythmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RhythmException(String message) {
    super(message);
  }

  public RhythmException(String message, Throwable cause) {
    super(message, cause);
  }
}
