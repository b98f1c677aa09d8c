package org.rhythm.app.http;

import org.rhythm.domain.RhythmException;

/** A request without a valid bearer token; answered 401 with {@code {"detail": message}}. */
final class Unauthorized extends RhythmException {
  private static final long serialVersionUID = 1L;

  Unauthorized(String message) {
    super(message);
  }
}
