package org.rhythm.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

class JsonTest {

  /** Texts written by Python's kombu, copied from celery-wire.md sections 1, 3 and 4. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"exc_type\": \"ValueError\", \"exc_message\": [\"boom\"], \"exc_module\": \"builtins\"}",
        "{\"a\": 1, \"b\": [1, 2.5, null, true], \"c\": \"\\u00e9\"}",
        "{\"pid\": 19388, \"hostname\": \"w1@vm\"}",
        "{\"progress\": {\"name\": \"step\", \"done\": 1, \"total\": 30, \"units\": \"items\"}}",
        "{\"exc_type\": \"TaskRevokedError\", \"exc_message\": [\"terminated\"],"
            + " \"exc_module\": \"celery.exceptions\"}",
        "[[2, 3], {\"z\": \"\\u00fc\"},"
            + " {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]",
        "[[1, 2], {}, {\"callbacks\": [{\"task\": \"tasks.add\", \"args\": [10], \"kwargs\": {},"
            + " \"options\": {}, \"subtask_type\": null, \"immutable\": false}], \"errbacks\": null,"
            + " \"chain\": null, \"chord\": null}]",
        "{\"method\": \"revoke\", \"arguments\": {\"task_id\": \"04351302-768f-4151-bc8f-bbda7489a69c\","
            + " \"terminate\": true, \"signal\": \"SIGTERM\"}, \"destination\": null, \"pattern\": null,"
            + " \"matcher\": null}",
        "{\"w1@vm\": {\"ok\": \"pong\"}}",
        "\"6e09884e-80a7-48d4-a070-0980bd6ea889\"",
        "5",
        "null"
      })
  void writesBackWhatKombuWroteByteForByte(String kombuText) {
    Object value = Json.parse(kombuText);

    String written = Json.write(value);

    assertThat(written).isEqualTo(kombuText);
  }

  @Test
  void parsesNumbersLiteralsAndEscapesIntoPlainJavaValues() {
    String text = "{\"a\": 1, \"b\": [1, 2.5, null, true], \"c\": \"\\u00e9\"}";

    Object value = Json.parse(text);

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", 1L);
    expected.put("b", Arrays.asList(1L, 2.5, null, true));
    expected.put("c", "é");
    assertThat(value).isEqualTo(expected);
    assertThat(new ArrayList<Object>(((Map<?, ?>) value).keySet())).containsExactly("a", "b", "c");
  }

  @Test
  void keepsTheKeyOrderOfTheText() {
    String text = "{\"z\": 1, \"a\": 2, \"m\": 3, \"b\": 4}";

    Object value = Json.parse(text);

    assertThat(new ArrayList<Object>(((Map<?, ?>) value).keySet()))
        .containsExactly("z", "a", "m", "b");
  }

  @Test
  void parsesIntegersAsLongUntilTheyNeedABigInteger() {
    String text = "[0, -0, 9223372036854775807, -9223372036854775808, 9223372036854775808, 12e0]";

    Object value = Json.parse(text);

    assertThat(value)
        .isEqualTo(
            List.of(
                0L,
                0L,
                Long.MAX_VALUE,
                Long.MIN_VALUE,
                new BigInteger("9223372036854775808"),
                12.0));
  }

  @Test
  void keepsTheSentinelEtaAsANumberThroughARoundTrip() {
    Map<String, Object> progress = Map.of("time_remaining_sec", 1e100);

    String written = Json.write(progress);

    assertThat(written).isEqualTo("{\"time_remaining_sec\": 1e+100}");
    assertThat(Json.parse(written)).isEqualTo(Map.of("time_remaining_sec", 1e100));
  }

  static Stream<Arguments> pythonFloatReprs() {
    return Stream.of(
        Arguments.of(1.0, "1.0"),
        Arguments.of(0.42, "0.42"),
        Arguments.of(1e100, "1e+100"),
        Arguments.of(12.5, "12.5"),
        Arguments.of(1.0E-5, "1e-05"),
        Arguments.of(0.0001, "0.0001"),
        Arguments.of(2.5e-7, "2.5e-07"),
        Arguments.of(-0.0, "-0.0"),
        Arguments.of(0.0, "0.0"),
        Arguments.of(0.1 + 0.2, "0.30000000000000004"),
        Arguments.of(123456.0, "123456.0"),
        Arguments.of(1e15, "1000000000000000.0"),
        Arguments.of(9007199254740992.0, "9007199254740992.0"),
        Arguments.of(1e16, "1e+16"),
        Arguments.of(-1.5e300, "-1.5e+300"),
        Arguments.of(1e-100, "1e-100"),
        Arguments.of(Double.MAX_VALUE, "1.7976931348623157e+308"),
        Arguments.of(Double.MIN_VALUE, "5e-324"),
        Arguments.of(2.82879384806159E17, "2.82879384806159e+17"),
        Arguments.of(998.1, "998.1"));
  }

  @ParameterizedTest
  @MethodSource("pythonFloatReprs")
  void writesDoublesAsPythonsReprDoes(double number, String pythonRepr) {
    String written = Json.write(number);

    assertThat(written).isEqualTo(pythonRepr);
  }

  @Test
  void writesEveryIntegerTypePlainly() {
    List<Object> integers =
        List.of((byte) -1, (short) 2, 3, 4L, new BigInteger("123456789012345678901234567890"));

    String written = Json.write(integers);

    assertThat(written).isEqualTo("[-1, 2, 3, 4, 123456789012345678901234567890]");
  }

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("plain /text~", "\"plain /text~\""),
        Arguments.of("quote \" backslash \\", "\"quote \\\" backslash \\\\\""),
        Arguments.of("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\""),
        Arguments.of("\u0000\u001f\u007f", "\"\\u0000\\u001f\\u007f\""),
        Arguments.of("é ü ß", "\"\\u00e9 \\u00fc \\u00df\""),
        Arguments.of("€ \u2028", "\"\\u20ac \\u2028\""),
        Arguments.of("😀", "\"\\ud83d\\ude00\""),
        Arguments.of("lone \ud800", "\"lone \\ud800\""));
  }

  @ParameterizedTest
  @MethodSource("escapes")
  void escapesStringsLikePythonsEnsureAscii(String string, String pythonText) {
    String written = Json.write(string);

    assertThat(written).isEqualTo(pythonText);
  }

  @Test
  void readsEveryEscapeIncludingSurrogatePairs() {
    String text = "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00E9 \\ud83d\\ude00 \\ud800\"";

    Object value = Json.parse(text);

    assertThat(value).isEqualTo("\" \\ / \b \f \n \r \t é 😀 \ud800");
    assertThat(((String) value).codePoints()).contains(0x1F600);
  }

  @Test
  void readsUnescapedNonAsciiText() {
    String text = " [\"é😀\"] \n";

    Object value = Json.parse(text);

    assertThat(value).isEqualTo(List.of("é😀"));
  }

  static Stream<Arguments> invalidTexts() {
    return Stream.of(
        Arguments.of("", "invalid JSON at offset 0: unexpected end of input"),
        Arguments.of("   ", "invalid JSON at offset 3: unexpected end of input"),
        Arguments.of("{\"a\": 1 \"b\": 2}", "invalid JSON at offset 8: expected ',' or '}'"),
        Arguments.of("{\"key\": true x}", "invalid JSON at offset 13: expected ',' or '}'"),
        Arguments.of("[1 2]", "invalid JSON at offset 3: expected ',' or ']'"),
        Arguments.of("[1, 2,]", "invalid JSON at offset 6: expected a value"),
        Arguments.of("{\"a\": 1,}", "invalid JSON at offset 8: expected a string key"),
        Arguments.of("{a: 1}", "invalid JSON at offset 1: expected a string key"),
        Arguments.of("{\"a\" 1}", "invalid JSON at offset 5: expected ':'"),
        Arguments.of("[1", "invalid JSON at offset 2: expected ',' or ']'"),
        Arguments.of("\"abc", "invalid JSON at offset 4: unterminated string"),
        Arguments.of("\"a\\x\"", "invalid JSON at offset 2: invalid escape character 'x'"),
        Arguments.of("\"a\\u12G4\"", "invalid JSON at offset 2: invalid \\u escape"),
        Arguments.of("\"a\tb\"", "invalid JSON at offset 2: control character U+0009 in a string"),
        Arguments.of("01", "invalid JSON at offset 1: expected end of input"),
        Arguments.of("[1] [2]", "invalid JSON at offset 4: expected end of input"),
        Arguments.of("-", "invalid JSON at offset 1: expected a digit"),
        Arguments.of("1.", "invalid JSON at offset 2: expected a digit"),
        Arguments.of("1e+", "invalid JSON at offset 3: expected a digit"),
        Arguments.of(".5", "invalid JSON at offset 0: expected a value"),
        Arguments.of("NaN", "invalid JSON at offset 0: expected a value"),
        Arguments.of("[Infinity]", "invalid JSON at offset 1: expected a value"),
        Arguments.of("tru", "invalid JSON at offset 0: invalid literal, expected true"),
        Arguments.of("[1e400]", "invalid JSON at offset 1: number out of range"),
        Arguments.of("\u00a0null", "invalid JSON at offset 0: expected a value"));
  }

  @ParameterizedTest
  @MethodSource("invalidTexts")
  void refusesInvalidTextNamingTheProblemAndItsOffset(String text, String message) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void parsesNestingUpToTheMaximumDepth() {
    String text = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);

    Object value = Json.parse(text);

    assertThat(Json.write(value)).isEqualTo(text);
  }

  @Test
  void refusesNestingBeyondTheMaximumDepth() {
    String text = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);

    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid JSON at offset 512: nesting deeper than 512");
  }

  @Test
  void refusesToWriteValuesNestedBeyondTheMaximumDepth() {
    Object value = List.of();
    for (int i = 0; i < Json.MAX_DEPTH; i++) {
      value = List.of(value);
    }
    Object tooDeep = value;

    assertThatThrownBy(() -> Json.write(tooDeep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("JSON value nests deeper than 512 containers at $[0][0]");
  }

  @Test
  void parsesLargeInputs() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < 200_000; i++) {
      text.append(i == 0 ? "" : ", ").append("{\"n\": ").append(i).append(", \"s\": \"x\\n\"}");
    }
    text.append(", \"").append("y".repeat(1_000_000)).append("\"]");

    Object value = Json.parse(text.toString());

    assertThat((List<?>) value).hasSize(200_001);
    assertThat(((List<?>) value).get(0)).isEqualTo(Map.of("n", 0L, "s", "x\n"));
    assertThat(Json.write(value)).isEqualTo(text.toString());
  }

  @Test
  void refusesToWriteNaN() {
    List<Object> values = Arrays.asList(1.0, Double.NaN);

    assertThatThrownBy(() -> Json.write(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("NaN is not a JSON number at $[1]");
  }

  @Test
  void refusesToWriteInfinity() {
    Map<String, Object> value = Map.of("x", Float.NEGATIVE_INFINITY);

    assertThatThrownBy(() -> Json.write(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-Infinity is not a JSON number at $.x");
  }

  @Test
  void refusesToWriteOtherTypesNamingTheTypeAndWhereItIs() {
    Map<String, Object> value = Map.of("a", Arrays.asList(1, 2, Instant.EPOCH));

    assertThatThrownBy(() -> Json.write(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a JSON value: java.time.Instant at $.a[2]");
  }

  @Test
  void refusesObjectKeysThatAreNotStrings() {
    Map<Object, Object> value = Map.of(1, "one");

    assertThatThrownBy(() -> Json.write(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON object key is not a String but java.lang.Integer at $");
  }

  @Test
  void writesAnyCollectionAsAnArray() {
    LinkedHashSet<Object> set = new LinkedHashSet<>(List.of("b", "a"));

    String written = Json.write(Map.of("set", set));

    assertThat(written).isEqualTo("{\"set\": [\"b\", \"a\"]}");
  }

  @Test
  void copiesDeeplyIntoUnmodifiableCanonicalValues() {
    List<Object> inner = new ArrayList<>(Arrays.asList(1, null, 2.5f, (short) 3));
    Map<String, Object> original = new LinkedHashMap<>();
    original.put("inner", inner);
    original.put("big", BigInteger.TEN);

    Map<String, Object> copy = Json.copyObject(original);
    inner.add("later");

    assertThat(copy).isEqualTo(Map.of("inner", Arrays.asList(1L, null, 2.5, 3L), "big", 10L));
    assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) copy.get("inner")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void copyNamesTheOffendingTypeAndItsPath() {
    Map<String, Object> value = Map.of("a", Arrays.asList(1, 2, new StringBuilder("x")));

    assertThatThrownBy(() -> Json.copy(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a JSON value: java.lang.StringBuilder at $.a[2]");
  }

  @Test
  void copyOfNullIsNull() {
    Object copy = Json.copy(null);

    assertThat(copy).isNull();
  }

  @Test
  void measuresTheSizeOfTheWrittenTextInBytes() {
    Map<String, Object> value = Map.of("c", "é");

    int size = Json.sizeInBytes(value);

    assertThat(size).isEqualTo("{\"c\": \"\\u00e9\"}".length()).isEqualTo(15);
  }

  @Test
  void parsingWhatWasWrittenGivesTheCopyOfAnyJsonValue() {
    qt().withExamples(2_000)
        .forAll(jsonValues(4))
        .checkAssert(
            value -> assertThat(Json.parse(Json.write(value))).isEqualTo(Json.copy(value)));
  }

  private static Gen<Object> jsonValues(int depth) {
    Gen<Object> scalars = scalars();
    if (depth == 0) {
      return scalars;
    }
    Gen<Object> inner = jsonValues(depth - 1);
    Gen<Object> arrays = lists().of(inner).ofSizeBetween(0, 4).map(list -> list);
    // Built by hand: QuickTheories' maps() refuses null values.
    Gen<Object> objects =
        lists()
            .of(anyStrings())
            .ofSizeBetween(0, 4)
            .zip(lists().of(inner).ofSize(4), JsonTest::objectOf);
    return Generate.<Object>frequency(Pair.of(3, scalars), Pair.of(1, arrays), Pair.of(1, objects));
  }

  private static Object objectOf(List<String> keys, List<Object> values) {
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      object.put(keys.get(i), values.get(i));
    }
    return object;
  }

  private static Gen<Object> scalars() {
    Gen<Object> specialDoubles =
        Generate.pick(
            List.<Object>of(0.0, -0.0, 1e100, 1e-5, 0.1, 1e16, 1e15, 5e-324, Double.MAX_VALUE));
    Gen<Object> bigIntegers =
        longs().all().map(l -> BigInteger.valueOf(l).shiftLeft(l % 2 == 0 ? 64 : 0));
    return Generate.<Object>oneOf(
        Generate.constant((Object) null),
        booleans().all().map(b -> b),
        anyStrings().map(s -> s),
        longs().all().map(l -> l),
        integers().all().map(i -> i),
        bigIntegers,
        doubles().any().map(d -> Double.isFinite(d) ? d : 0.5),
        floats().any().map(f -> Float.isFinite(f) ? f : 0.25f),
        specialDoubles);
  }

  private static Gen<String> anyStrings() {
    return SourceDSL.strings().allPossible().ofLengthBetween(0, 6);
  }
}
