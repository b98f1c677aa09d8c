package org.rhythm.ports.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServiceSettingsTest {
  private static final Pattern UUID4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  @Test
  void theDefaultsAreCeleryQueueAndATenMinuteLease() {
    ServiceSettings settings = ServiceSettings.DEFAULTS;

    assertThat(settings.defaultQueue()).isEqualTo("celery");
    assertThat(settings.resumeLease()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aBlankDefaultQueueIsRefused() {
    assertThatThrownBy(() -> ServiceSettings.DEFAULTS.withDefaultQueue(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the default queue is not blank");
  }

  @Test
  void aLeaseThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> ServiceSettings.DEFAULTS.withResumeLease(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the resume lease is positive, not PT0S");
  }

  @Test
  void randomIdsAreDistinctUuid4Strings() {
    Ids ids = Ids.random();
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 10_000; i++) {
      seen.add(ids.newTaskId().value());
      seen.add(ids.newWorkflowId().value());
    }

    assertThat(seen).hasSize(20_000).allMatch(id -> UUID4.matcher(id).matches());
  }
}
