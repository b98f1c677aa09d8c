package org.rhythm.domain;

/** A transition was asked of a workflow or task in a state that does not allow it. */
public class IllegalTransitionException extends RhythmException {
  private static final long serialVersionUID = 1L;

  public IllegalTransitionException(String message) {
    super(message);
  }
}
