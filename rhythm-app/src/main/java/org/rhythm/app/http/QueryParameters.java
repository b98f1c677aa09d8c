package org.rhythm.app.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed query parameters parsed as FastAPI with pydantic v1 parses them: booleans from {@code
 * true/false/1/0/yes/no/on/off/t/f/y/n} in any case and without spaces, integers in decimal; the
 * last value wins for a single-valued parameter. Problems are collected and thrown together as
 * {@link InvalidRequestException}; parameters nobody asks for are ignored.
 */
final class QueryParameters {
  private static final Set<String> TRUE = Set.of("1", "on", "t", "true", "y", "yes");
  private static final Set<String> FALSE = Set.of("0", "off", "f", "false", "n", "no");

  private final Map<String, List<String>> values;
  private final List<Map<String, Object>> problems = new ArrayList<>();

  QueryParameters(Map<String, List<String>> values) {
    this.values = Map.copyOf(values);
  }

  /** The parameter's last value, or null when absent. */
  String text(String name) {
    List<String> all = values.get(name);
    return all == null || all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** Every value of a repeated parameter, or null when absent. */
  List<String> texts(String name) {
    List<String> all = values.get(name);
    return all == null || all.isEmpty() ? null : List.copyOf(all);
  }

  /** A parameter that must be given. */
  String requiredText(String name) {
    String value = text(name);
    if (value == null) {
      problems.add(
          InvalidRequestException.problem(
              List.of("query", name), "field required", "value_error.missing"));
    }
    return value;
  }

  boolean bool(String name, boolean otherwise) {
    String value = text(name);
    if (value == null) {
      return otherwise;
    }
    // pydantic v1 lower-cases the text and takes nothing else: " true" is no boolean.
    String lower = value.toLowerCase(Locale.ROOT);
    if (TRUE.contains(lower)) {
      return true;
    }
    if (FALSE.contains(lower)) {
      return false;
    }
    problems.add(
        InvalidRequestException.problem(
            List.of("query", name), "value could not be parsed to a boolean", "type_error.bool"));
    return otherwise;
  }

  /** A whole number of at least 0. */
  int count(String name, int otherwise) {
    String value = text(name);
    if (value == null) {
      return otherwise;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      problems.add(
          InvalidRequestException.problem(
              List.of("query", name), "value is not a valid integer", "type_error.integer"));
      return otherwise;
    }
    if (parsed < 0) {
      problems.add(
          InvalidRequestException.problem(
              List.of("query", name),
              "ensure this value is greater than or equal to 0",
              "value_error.number.not_ge"));
      return otherwise;
    }
    return parsed;
  }

  /** One of {@code permitted}, exactly (case-sensitive), or null when absent. */
  String oneOf(String name, List<String> permitted) {
    String value = text(name);
    if (value == null || permitted.contains(value)) {
      return value;
    }
    List<String> quoted = permitted.stream().map(p -> "'" + p + "'").toList();
    problems.add(
        InvalidRequestException.problem(
            List.of("query", name),
            "value is not a valid enumeration member; permitted: " + String.join(", ", quoted),
            "type_error.enum"));
    return null;
  }

  /** Throws every problem found so far; does nothing when there is none. */
  void check() {
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }
}
