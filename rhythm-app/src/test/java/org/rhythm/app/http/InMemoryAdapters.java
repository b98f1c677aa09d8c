package org.rhythm.app.http;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The in-memory broker and store, {@code rhythm server}'s default: each API has its own, so queue
 * names are taken as they are and ids start at {@code 00000000-0000-4000-8000-000000000001}, as in
 * the JSON samples.
 */
final class InMemoryAdapters implements TestAdapters {
  static final String ID_PREFIX = "00000000-0000-4000-8000-";

  @Override
  public Place next() {
    return new Place(Map.of(), UnaryOperator.identity(), ID_PREFIX);
  }
}
