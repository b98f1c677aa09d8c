package org.rhythm.app.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Datetimes as rhythm_api writes every one of them: {@code %Y-%m-%dT%H:%M:%S.%fZ}, six fractional
 * digits and a literal {@code Z} (rhythm-api-contract.md §1.4).
 */
final class Datetimes {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Datetimes() {}

  /** The text of {@code at}, or null for null. */
  static String format(Instant at) {
    return at == null ? null : FORMAT.format(at);
  }
}
