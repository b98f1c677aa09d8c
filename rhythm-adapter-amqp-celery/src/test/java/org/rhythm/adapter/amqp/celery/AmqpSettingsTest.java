package org.rhythm.adapter.amqp.celery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AmqpSettingsTest {

  @Test
  void anEmptyEnvironmentGivesCelerysDefaults() {
    AmqpSettings settings = AmqpSettings.fromEnvironment(Map.of());

    assertThat(settings.uri()).isEqualTo("amqp://guest:guest@127.0.0.1:5672/");
    assertThat(settings.hasMaxPriority()).isFalse();
    assertThat(settings.deadLetterQueue()).isEqualTo("rhythm.dead-letter");
    assertThat(settings.nodeName()).startsWith("rhythm@");
  }

  @Test
  void theEnvironmentGivesTheUrlAndMaxPriority() {
    AmqpSettings settings =
        AmqpSettings.fromEnvironment(
            Map.of(
                "RHYTHM_AMQP_URL", "amqp://u:secret@rabbit.example:5673/bioloop",
                "RHYTHM_AMQP_MAX_PRIORITY", "10"));

    assertThat(settings.uri()).isEqualTo("amqp://u:secret@rabbit.example:5673/bioloop");
    assertThat(settings.maxPriority()).isEqualTo(10);
    assertThat(settings.virtualHost()).isEqualTo("bioloop");
  }

  @Test
  void anEmptyMaxPriorityMeansNone() {
    AmqpSettings settings = AmqpSettings.fromEnvironment(Map.of("RHYTHM_AMQP_MAX_PRIORITY", " "));

    assertThat(settings.hasMaxPriority()).isFalse();
  }

  @Test
  void aMaxPriorityThatIsNotANumberIsRefusedNamingTheVariable() {
    assertThatThrownBy(
            () -> AmqpSettings.fromEnvironment(Map.of("RHYTHM_AMQP_MAX_PRIORITY", "high")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RHYTHM_AMQP_MAX_PRIORITY is an integer 1 to 255, not 'high'");
  }

  @Test
  void aMaxPriorityOutOfRangeIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> AmqpSettings.fromEnvironment(Map.of("RHYTHM_AMQP_MAX_PRIORITY", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RHYTHM_AMQP_MAX_PRIORITY is an integer 1 to 255, not 0");
  }

  @Test
  void aUrlThatIsNotAmqpIsRefusedNamingTheVariable() {
    assertThatThrownBy(
            () -> AmqpSettings.fromEnvironment(Map.of("RHYTHM_AMQP_URL", "http://127.0.0.1/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RHYTHM_AMQP_URL: an AMQP URI starts with amqp:// or amqps://, not 'http'");
  }

  @Test
  void theVirtualHostIsReadAsKombuReadsIt() {
    assertThat(AmqpSettings.of("amqp://h").virtualHost()).isEqualTo("/");
    assertThat(AmqpSettings.of("amqp://h/").virtualHost()).isEqualTo("/");
    assertThat(AmqpSettings.of("amqp://h//").virtualHost()).isEqualTo("/");
    assertThat(AmqpSettings.of("amqp://h/%2f").virtualHost()).isEqualTo("/");
    assertThat(AmqpSettings.of("amqp://h/vh").virtualHost()).isEqualTo("vh");
  }

  @Test
  void thePasswordIsHiddenInMessages() {
    assertThat(AmqpSettings.of("amqp://user:s3cret@h:5672/").redactedUri())
        .isEqualTo("amqp://user:***@h:5672/");
    assertThat(AmqpSettings.of("amqp://h:5672/").redactedUri()).isEqualTo("amqp://h:5672/");
  }

  @Test
  void aBlankNodeNameIsRefused() {
    assertThatThrownBy(() -> AmqpSettings.defaults().withNodeName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a node name is not blank");
  }

  @Test
  void aMaxPriorityOver255IsRefused() {
    assertThatThrownBy(() -> AmqpSettings.defaults().withMaxPriority(256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x-max-priority is 1 to 255, or 0 for none, not 256");
  }
}
