package org.rhythm.domain.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A strict RFC 8259 reader of one JSON text; recursion is bounded by {@link Json#MAX_DEPTH}. */
final class JsonParser {
  private static final int LONGEST_SAFE_LONG = 18;

  private final String text;
  private int pos;
  private int depth;

  private JsonParser(String text) {
    this.text = text;
  }

  static Object parse(String text) {
    JsonParser parser = new JsonParser(text);
    parser.skipWhitespace();
    Object value = parser.value();
    parser.skipWhitespace();
    if (parser.pos < text.length()) {
      throw parser.error("expected end of input");
    }
    return value;
  }

  private Object value() {
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || isDigit(c)) {
          return number();
        }
        throw error("expected a value");
    }
  }

  private Map<String, Object> object() {
    enter();
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (!consume('}')) {
      do {
        skipWhitespace();
        if (!at('"')) {
          throw error("expected a string key");
        }
        String key = string();
        skipWhitespace();
        expect(':', "expected ':'");
        skipWhitespace();
        // Duplicate keys: the last value wins at the first key's position, as in a Python dict.
        map.put(key, value());
        skipWhitespace();
      } while (consume(','));
      expect('}', "expected ',' or '}'");
    }
    depth--;
    return Frozen.object(map);
  }

  private List<Object> array() {
    enter();
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (!consume(']')) {
      do {
        skipWhitespace();
        list.add(value());
        skipWhitespace();
      } while (consume(','));
      expect(']', "expected ',' or ']'");
    }
    depth--;
    return Frozen.list(list);
  }

  private String string() {
    int start = ++pos;
    StringBuilder escaped = null;
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        String value =
            escaped == null
                ? text.substring(start, pos)
                : escaped.append(text, start, pos).toString();
        pos++;
        return value;
      } else if (c == '\\') {
        escaped = escaped == null ? new StringBuilder() : escaped;
        escaped.append(text, start, pos).append(escape());
        start = pos;
      } else if (c < 0x20) {
        throw error("control character " + describe(c) + " in a string");
      } else {
        pos++;
      }
    }
  }

  /**
   * Reads the escape at {@code pos}; surrogate pairs need no care, since Java strings are UTF-16
   * too.
   */
  private char escape() {
    int backslash = pos;
    pos++;
    if (pos >= text.length()) {
      throw error("unterminated string");
    }
    char c = text.charAt(pos);
    pos++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        return c;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        return hexEscape(backslash);
      default:
        pos = backslash;
        throw error("invalid escape character " + describe(c));
    }
  }

  private char hexEscape(int backslash) {
    int code = 0;
    for (int i = 0; i < 4; i++) {
      int digit = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
      if (digit < 0) {
        pos = backslash;
        throw error("invalid \\u escape");
      }
      code = code * 16 + digit;
      pos++;
    }
    return (char) code;
  }

  private Object number() {
    int start = pos;
    consume('-');
    if (!consume('0')) {
      digits();
    }
    boolean integral = true;
    if (consume('.')) {
      integral = false;
      digits();
    }
    if (consume('e') || consume('E')) {
      integral = false;
      if (!consume('+')) {
        consume('-');
      }
      digits();
    }
    String number = text.substring(start, pos);
    if (integral) {
      if (number.length() <= LONGEST_SAFE_LONG) {
        return Long.parseLong(number);
      }
      BigInteger big = new BigInteger(number);
      return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
    }
    double value = Double.parseDouble(number);
    if (Double.isInfinite(value)) {
      pos = start;
      throw error("number out of range");
    }
    return value;
  }

  private void digits() {
    if (pos >= text.length() || !isDigit(text.charAt(pos))) {
      throw error("expected a digit");
    }
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
  }

  private Object literal(String word, Boolean value) {
    if (!text.startsWith(word, pos)) {
      throw error("invalid literal, expected " + word);
    }
    pos += word.length();
    return value;
  }

  private void enter() {
    if (depth >= Json.MAX_DEPTH) {
      throw error("nesting deeper than " + Json.MAX_DEPTH);
    }
    depth++;
    pos++;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private boolean at(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private boolean consume(char c) {
    if (at(c)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c, String problem) {
    if (!consume(c)) {
      throw error(problem);
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String describe(char c) {
    return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + problem);
  }
}
