package org.rhythm.adapter.amqp.celery.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python's {@code repr()}, checked against what CPython 3.11 prints for the same values. */
class PythonReprTest {

  @Test
  void aListOfNumbersIsPrintedAsPythonDoes() {
    assertThat(PythonRepr.of(List.of(2, 3))).isEqualTo("[2, 3]");
  }

  @Test
  void anEmptyListAndObjectArePrintedAsPythonDoes() {
    assertThat(PythonRepr.of(List.of())).isEqualTo("[]");
    assertThat(PythonRepr.of(Map.of())).isEqualTo("{}");
  }

  @Test
  void nonAsciiLettersStayAsTheyAre() {
    assertThat(PythonRepr.of(Map.of("z", "ü"))).isEqualTo("{'z': 'ü'}");
  }

  @Test
  void literalsArePythons() {
    assertThat(PythonRepr.of(Arrays.asList(true, false, null, 1.5, 1e100, -0.0, 10L)))
        .isEqualTo("[True, False, None, 1.5, 1e+100, -0.0, 10]");
  }

  @Test
  void quotesAreChosenAndEscapedAsPythonDoes() {
    assertThat(PythonRepr.of("it's")).isEqualTo("\"it's\"");
    assertThat(PythonRepr.of("say \"hi\"")).isEqualTo("'say \"hi\"'");
    assertThat(PythonRepr.of("both ' and \"")).isEqualTo("'both \\' and \"'");
    assertThat(PythonRepr.of("back\\slash")).isEqualTo("'back\\\\slash'");
  }

  @Test
  void controlAndInvisibleCharactersAreEscapedAsPythonDoes() {
    assertThat(PythonRepr.of("a\tb\nc\rd\u0000e\u007f\u00a0\u200b\u2028"))
        .isEqualTo("'a\\tb\\nc\\rd\\x00e\\x7f\\xa0\\u200b\\u2028'");
  }

  @Test
  void charactersBeyondTheBasicPlaneStayWhenPrintable() {
    assertThat(PythonRepr.of("🎵")).isEqualTo("'🎵'");
  }

  @Test
  void nestedValuesKeepTheirOrder() {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("workflow_id", "w1");
    kwargs.put("step", "inspect");
    kwargs.put("options", Map.of("deep", List.of(1, "x")));

    assertThat(PythonRepr.of(kwargs))
        .isEqualTo("{'workflow_id': 'w1', 'step': 'inspect', 'options': {'deep': [1, 'x']}}");
  }

  @Test
  void aLongReprIsCutToCelerysMaximum() {
    String repr = PythonRepr.of(List.of("x".repeat(5000)));

    assertThat(repr).hasSize(PythonRepr.MAX_LENGTH).endsWith("...");
  }
}
