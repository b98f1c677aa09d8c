package org.rhythm.domain.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;

/**
 * Writes JSON text byte for byte as Python's {@code json.dumps} with its defaults (kombu's json
 * serializer).
 */
final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int MAX_SIGNIFICANT_DIGITS = 17;

  private final StringBuilder out = new StringBuilder();

  private JsonWriter() {}

  static String write(Object value) {
    JsonWriter writer = new JsonWriter();
    writer.value(value, JsonPath.ROOT, 0);
    return writer.out.toString();
  }

  private void value(Object value, JsonPath path, int depth) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof String string) {
      string(string);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      out.append(pythonRepr(Json.finite(((Number) value).doubleValue(), path)));
    } else if (value instanceof Map<?, ?> map) {
      object(map, path, depth);
    } else if (value instanceof Collection<?> collection) {
      array(collection, path, depth);
    } else {
      throw Json.notJson(value, path);
    }
  }

  private void object(Map<?, ?> map, JsonPath path, int depth) {
    int inner = Json.enter(depth, path);
    out.append('{');
    String separator = "";
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = Json.key(entry.getKey(), path);
      out.append(separator);
      string(key);
      out.append(": ");
      value(entry.getValue(), path.key(key), inner);
      separator = ", ";
    }
    out.append('}');
  }

  private void array(Collection<?> collection, JsonPath path, int depth) {
    int inner = Json.enter(depth, path);
    out.append('[');
    int index = 0;
    for (Object element : collection) {
      if (index > 0) {
        out.append(", ");
      }
      value(element, path.index(index++), inner);
    }
    out.append(']');
  }

  /**
   * Python's {@code ensure_ascii=True}: only printable ASCII (space to tilde) is written as itself.
   */
  private void string(String string) {
    out.append('"');
    for (int i = 0; i < string.length(); i++) {
      char c = string.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= ' ' && c <= '~') {
            out.append(c);
          } else {
            // Astral characters are already two UTF-16 units here, giving Python's surrogate pair
            // escapes.
            out.append('\\').append('u');
            out.append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]);
            out.append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Python's {@code repr} of a finite float: the shortest digits that read back as the same double
   * (the nearest of them if several), in fixed notation when the decimal exponent is in [-4, 16),
   * otherwise as {@code 1e+100}.
   */
  static String pythonRepr(double number) {
    if (number == 0) {
      return Double.doubleToRawLongBits(number) < 0 ? "-0.0" : "0.0";
    }
    String sign = number < 0 ? "-" : "";
    BigDecimal shortest = shortestDecimal(Math.abs(number)).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    // value = 0.<digits> * 10^point, as in Python's float_repr (Objects/floatobject.c, format code
    // 'r').
    int point = digits.length() - shortest.scale();
    if (point <= -4 || point > 16) {
      int exponent = point - 1;
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exponentDigits = (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exponentDigits;
    }
    if (point <= 0) {
      return sign + "0." + "0".repeat(-point) + digits;
    }
    if (point >= digits.length()) {
      return sign + digits + "0".repeat(point - digits.length()) + ".0";
    }
    return sign + digits.substring(0, point) + "." + digits.substring(point);
  }

  /**
   * The shortest decimal that parses back to {@code positive}, the nearest one if several.
   * Double.toString is not used: before JDK 19 it sometimes prints more digits than needed
   * (JDK-4511638).
   */
  private static BigDecimal shortestDecimal(double positive) {
    BigDecimal exact = new BigDecimal(positive);
    // A decimal of p digits that reads back is also one of p + 1 digits, so the shortest length can
    // be bisected.
    int low = 1;
    int high = MAX_SIGNIFICANT_DIGITS;
    while (low < high) {
      int middle = (low + high) / 2;
      if (readsBackWithDigits(exact, middle, positive) == null) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return readsBackWithDigits(exact, low, positive);
  }

  /**
   * The nearest decimal of {@code digits} significant digits that reads back as {@code positive},
   * or null.
   */
  private static BigDecimal readsBackWithDigits(BigDecimal exact, int digits, double positive) {
    BigDecimal below = exact.round(new MathContext(digits, RoundingMode.DOWN));
    BigDecimal above = exact.round(new MathContext(digits, RoundingMode.UP));
    boolean belowReadsBack = Double.parseDouble(below.toString()) == positive;
    boolean aboveReadsBack = Double.parseDouble(above.toString()) == positive;
    if (belowReadsBack && aboveReadsBack) {
      int closer = exact.subtract(below).compareTo(above.subtract(exact));
      return closer < 0 || closer == 0 && !below.unscaledValue().testBit(0) ? below : above;
    }
    return belowReadsBack ? below : aboveReadsBack ? above : null;
  }
}
