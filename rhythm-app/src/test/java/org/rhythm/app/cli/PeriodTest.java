package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class PeriodTest {
  private final Period period = new Period();

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "5m, PT5M",
    "1h, PT1H",
    "2H, PT2H",
    "PT1M30S, PT1M30S"
  })
  void aLengthOfTimeIsReadInShortOrIsoForm(String text, String expected) {
    assertThat(period.convert(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "-5s", "PT0S", "soon", "5 minutes", "", "99999999999999999999h"})
  void anythingButAPositiveLengthIsRefused(String text) {
    assertThatThrownBy(() -> period.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'" + text + "' is not a positive length of time such as 500ms, 30s, 5m or 1h");
  }
}
