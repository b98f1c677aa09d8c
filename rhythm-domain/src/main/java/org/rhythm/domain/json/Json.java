package org.rhythm.domain.json;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as plain Java objects, and their text exactly as kombu (Python's {@code json.dumps})
 * writes it.
 *
 * <p>A JSON value is {@code null}, a {@link Boolean}, a {@link String}, a number, a {@link List} of
 * JSON values or a {@link Map} from {@link String} to JSON values. Parsed and copied values use a
 * canonical form: integers are {@link Long} when they fit and {@link BigInteger} otherwise, numbers
 * with a fraction or an exponent are finite {@link Double}s, objects keep their key order, and
 * containers are unmodifiable. Values nest at most {@value #MAX_DEPTH} containers deep. For every
 * JSON value {@code x}, {@code parse(write(x)).equals(copy(x))}.
 */
public final class Json {
  /** The deepest nesting of arrays and objects that parse, write and copy accept. */
  public static final int MAX_DEPTH = 512;

  private Json() {}

  /**
   * Parses one JSON text (RFC 8259, strict: no NaN, no trailing commas, nothing after the value).
   *
   * <p>Escaped lone surrogates such as <code>"&#92;ud800"</code> are kept, as Python keeps them. A
   * number with a fraction or an exponent too large for a double is refused.
   *
   * @throws IllegalArgumentException naming the problem and its character offset, e.g. {@code
   *     invalid JSON at offset 3: expected ',' or ']'}
   */
  public static Object parse(String text) {
    return JsonParser.parse(requireNonNull(text, "text"));
  }

  /**
   * Writes a JSON value as Python's {@code json.dumps} does with its defaults: {@code ", "} and
   * {@code ": "} as separators, every character outside printable ASCII escaped as <code>&#92;uXXXX
   * </code>, floats as Python's {@code repr}, keys in the map's iteration order.
   *
   * <p>Besides the canonical types this accepts {@link Integer}, {@link Short}, {@link Byte} and
   * {@link Float} (widened to double), any {@link Map} with {@link String} keys and any {@link
   * Collection}.
   *
   * @throws IllegalArgumentException for NaN, infinities, non-string keys, nesting deeper than
   *     {@value #MAX_DEPTH} and any other type, naming the type and where it is, e.g. {@code
   *     $.a[2]}
   */
  public static String write(Object value) {
    return JsonWriter.write(value);
  }

  /**
   * A deep, unmodifiable copy of a JSON value in canonical form: {@link Integer}, {@link Short},
   * {@link Byte} and {@link BigInteger}s that fit become {@link Long}, {@link Float} becomes {@link
   * Double}, collections become lists.
   *
   * @throws IllegalArgumentException for any value {@link #write} refuses, naming the type and
   *     where it is
   */
  public static Object copy(Object value) {
    return copy(value, JsonPath.ROOT, 0);
  }

  /** {@link #copy} of a JSON array. */
  @SuppressWarnings("unchecked")
  public static List<Object> copyList(List<?> list) {
    if (Frozen.isFrozen(list)) {
      return (List<Object>) list;
    }
    return copyList(requireNonNull(list, "list"), JsonPath.ROOT, 0);
  }

  /** {@link #copy} of a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> copyObject(Map<String, ?> map) {
    if (Frozen.isFrozen(map)) {
      return (Map<String, Object>) map;
    }
    return copyObject(requireNonNull(map, "map"), JsonPath.ROOT, 0);
  }

  /** The length in bytes of {@code write(value)} encoded as UTF-8. */
  public static int sizeInBytes(Object value) {
    // write() escapes every non-ASCII character, so its text is ASCII: one byte per char.
    return write(value).length();
  }

  private static Object copy(Object value, JsonPath path, int depth) {
    if (value == null
        || Frozen.isFrozen(value)
        || value instanceof Boolean
        || value instanceof String
        || value instanceof Long) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
    }
    if (value instanceof Double || value instanceof Float) {
      return finite(((Number) value).doubleValue(), path);
    }
    if (value instanceof Map<?, ?> map) {
      return copyObject(map, path, depth);
    }
    if (value instanceof Collection<?> collection) {
      return copyList(collection, path, depth);
    }
    throw notJson(value, path);
  }

  private static Map<String, Object> copyObject(Map<?, ?> map, JsonPath path, int depth) {
    int inner = enter(depth, path);
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = key(entry.getKey(), path);
      copy.put(key, copy(entry.getValue(), path.key(key), inner));
    }
    return Frozen.object(copy);
  }

  private static List<Object> copyList(Collection<?> collection, JsonPath path, int depth) {
    int inner = enter(depth, path);
    List<Object> copy = new ArrayList<>(collection.size());
    for (Object element : collection) {
      copy.add(copy(element, path.index(copy.size()), inner));
    }
    return Frozen.list(copy);
  }

  /** The depth inside a container at {@code depth}; refuses to go past {@link #MAX_DEPTH}. */
  static int enter(int depth, JsonPath path) {
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException(
          "JSON value nests deeper than " + MAX_DEPTH + " containers at " + path);
    }
    return depth + 1;
  }

  static String key(Object key, JsonPath path) {
    if (key instanceof String string) {
      return string;
    }
    String type = key == null ? "null" : key.getClass().getName();
    throw new IllegalArgumentException(
        "JSON object key is not a String but " + type + " at " + path);
  }

  static double finite(double number, JsonPath path) {
    if (!Double.isFinite(number)) {
      throw new IllegalArgumentException(number + " is not a JSON number at " + path);
    }
    return number;
  }

  static IllegalArgumentException notJson(Object value, JsonPath path) {
    return new IllegalArgumentException(
        "not a JSON value: " + value.getClass().getName() + " at " + path);
  }
}
