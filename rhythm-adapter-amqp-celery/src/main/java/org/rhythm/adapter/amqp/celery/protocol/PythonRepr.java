package org.rhythm.adapter.amqp.celery.protocol;

import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.rhythm.domain.json.Json;

/**
 * Python's {@code repr()} of JSON values, as Celery prints a task's arguments into its {@code
 * argsrepr} and {@code kwargsrepr} headers: {@code ['a', 1, True, None]}, {@code {'k': 1.5}}.
 */
public final class PythonRepr {
  /** Celery's {@code argsrepr_maxsize} and {@code kwargsrepr_maxsize}. */
  public static final int MAX_LENGTH = 1024;

  private PythonRepr() {}

  /**
   * The {@code repr()} of a JSON value, cut to {@link #MAX_LENGTH} characters with a final {@code
   * ...} when longer (Celery's {@code saferepr} shortens long values too, though not at the same
   * places).
   */
  public static String of(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    if (out.length() > MAX_LENGTH) {
      out.setLength(MAX_LENGTH - 3);
      out.append("...");
    }
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("None");
    } else if (value instanceof Boolean bool) {
      out.append(bool ? "True" : "False");
    } else if (value instanceof String string) {
      appendString(out, string);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      // Python's float repr and its JSON form agree for every finite float.
      out.append(Json.write(value));
    } else if (value instanceof Map<?, ?> map) {
      appendMap(out, map);
    } else if (value instanceof List<?> list) {
      appendList(out, list);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void appendList(StringBuilder out, List<?> list) {
    out.append('[');
    for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
      append(out, it.next());
      if (it.hasNext()) {
        out.append(", ");
      }
    }
    out.append(']');
  }

  private static void appendMap(StringBuilder out, Map<?, ?> map) {
    out.append('{');
    for (Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<?, ?> entry = it.next();
      append(out, entry.getKey());
      out.append(": ");
      append(out, entry.getValue());
      if (it.hasNext()) {
        out.append(", ");
      }
    }
    out.append('}');
  }

  /**
   * Python's quoting: single quotes unless the text holds a single quote and no double quote;
   * printable characters as they are, others escaped.
   */
  private static void appendString(StringBuilder out, String text) {
    char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    out.append(quote);
    text.codePoints().forEach(c -> appendCodePoint(out, c, quote));
    out.append(quote);
  }

  private static void appendCodePoint(StringBuilder out, int c, char quote) {
    if (c == quote || c == '\\') {
      out.append('\\').appendCodePoint(c);
    } else if (c == '\t') {
      out.append("\\t");
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (isPrintable(c)) {
      out.appendCodePoint(c);
    } else if (c <= 0xff) {
      out.append(String.format("\\x%02x", c));
    } else if (c <= 0xffff) {
      out.append(String.format("\\u%04x", c));
    } else {
      out.append(String.format("\\U%08x", c));
    }
  }

  /**
   * Python's {@code str.isprintable()} for one character: not a control, format, surrogate,
   * private-use or unassigned character, and not a separator other than the ASCII space.
   */
  private static boolean isPrintable(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }
}
