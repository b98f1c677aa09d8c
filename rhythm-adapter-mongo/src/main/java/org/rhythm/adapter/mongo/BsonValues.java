package org.rhythm.adapter.mongo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.rhythm.domain.json.Json;

/**
 * JSON values and instants as the Java values the driver's {@link Document} codec reads and writes,
 * both ways. JSON goes into native BSON as pymongo would store it (objects as embedded documents,
 * arrays as arrays, integers as int32 when they fit and int64 otherwise) and comes back in the
 * domain's canonical form ({@link Json#copy}). Pure.
 */
final class BsonValues {
  private static final BigInteger DECIMAL128_LIMIT = BigInteger.TEN.pow(34);

  private BsonValues() {}

  /** A JSON value as BSON: maps become documents, collections lists, integers int32 or int64. */
  static Object toBson(Object json) {
    if (json instanceof Map<?, ?> map) {
      Document document = new Document();
      map.forEach((key, value) -> document.put((String) key, toBson(value)));
      return document;
    }
    if (json instanceof Collection<?> collection) {
      List<Object> list = new ArrayList<>(collection.size());
      collection.forEach(element -> list.add(toBson(element)));
      return list;
    }
    if (json instanceof Long || json instanceof Integer || json instanceof Short) {
      return integer(((Number) json).longValue());
    }
    if (json instanceof Byte number) {
      return number.intValue();
    }
    if (json instanceof BigInteger big) {
      return bigInteger(big);
    }
    if (json instanceof Float number) {
      return number.doubleValue();
    }
    return json;
  }

  /** {@link #toBson} of a JSON object. */
  static Document toBsonObject(Map<String, Object> json) {
    return (Document) toBson(json);
  }

  /**
   * A value read from BSON as a canonical JSON value. Besides JSON's own types, BSON numbers of
   * every width, decimals, dates (as ISO-8601 text) and object ids (as hex text) are accepted; a
   * non-finite number, which JSON cannot hold, reads as null.
   */
  static Object toJson(Object bson) {
    return Json.copy(plain(bson));
  }

  /** {@link #toJson} of a value that should be an array; null when it is anything else. */
  @SuppressWarnings("unchecked")
  static List<Object> toJsonList(Object bson) {
    return bson instanceof List<?> ? (List<Object>) toJson(bson) : null;
  }

  /** {@link #toJson} of a value that should be an object; null when it is anything else. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> toJsonObject(Object bson) {
    return bson instanceof Map<?, ?> ? (Map<String, Object>) toJson(bson) : null;
  }

  /** A BSON date: milliseconds since the epoch, so sub-millisecond precision is cut off. */
  static Date date(Instant instant) {
    return instant == null ? null : new Date(instant.toEpochMilli());
  }

  /** The instant of a BSON date; null for null or any other type. */
  static Instant instant(Object bson) {
    return bson instanceof Date date ? date.toInstant() : null;
  }

  private static Object plain(Object bson) {
    if (bson instanceof Map<?, ?> map) {
      Map<String, Object> object = new LinkedHashMap<>();
      map.forEach((key, value) -> object.put(String.valueOf(key), plain(value)));
      return object;
    }
    if (bson instanceof Collection<?> collection) {
      List<Object> list = new ArrayList<>(collection.size());
      collection.forEach(element -> list.add(plain(element)));
      return list;
    }
    if (bson instanceof Double number) {
      return Double.isFinite(number) ? number : null;
    }
    if (bson instanceof Decimal128 decimal) {
      return decimal(decimal);
    }
    if (bson instanceof Date date) {
      return date.toInstant().toString();
    }
    if (bson instanceof ObjectId objectId) {
      return objectId.toHexString();
    }
    if (bson == null
        || bson instanceof String
        || bson instanceof Boolean
        || bson instanceof Integer
        || bson instanceof Long) {
      return bson;
    }
    return String.valueOf(bson);
  }

  private static Object integer(long value) {
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) (int) value : value;
  }

  /** An integer beyond int64 as a decimal128, which holds 34 digits; pymongo refuses them. */
  private static Object bigInteger(BigInteger value) {
    if (value.bitLength() < Long.SIZE) {
      return integer(value.longValue());
    }
    if (value.abs().compareTo(DECIMAL128_LIMIT) >= 0) {
      throw new IllegalArgumentException(
          "integer " + value + " has more than 34 digits and cannot be stored in MongoDB");
    }
    return new Decimal128(new BigDecimal(value));
  }

  private static Object decimal(Decimal128 decimal) {
    if (decimal.isNaN() || decimal.isInfinite()) {
      return null;
    }
    BigDecimal value;
    try {
      value = decimal.bigDecimalValue();
    } catch (ArithmeticException negativeZero) {
      return 0L;
    }
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() <= 0 ? stripped.toBigIntegerExact() : stripped.doubleValue();
  }
}
