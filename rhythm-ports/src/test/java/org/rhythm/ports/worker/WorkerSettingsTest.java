package org.rhythm.ports.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {
  private static final List<String> QUEUES = List.of("q");

  @Test
  void thePrefetchDefaultsToTheConcurrency() {
    WorkerSettings settings = WorkerSettings.of("rhythm@host", QUEUES, 4);

    assertThat(settings.prefetch()).isEqualTo(4);
  }

  @Test
  void aConcurrencyBelowOneIsRefused() {
    assertThatThrownBy(() -> WorkerSettings.of("rhythm@host", QUEUES, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency and prefetch are at least 1");
  }

  @Test
  void aPrefetchBelowOneIsRefused() {
    WorkerSettings settings = WorkerSettings.of("rhythm@host", QUEUES, 2);

    assertThatThrownBy(() -> settings.withPrefetch(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency and prefetch are at least 1");
  }

  @Test
  void aWorkerWithoutQueuesIsRefused() {
    assertThatThrownBy(() -> WorkerSettings.of("rhythm@host", List.of(), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one queue");
  }

  @Test
  void aQueueNamedTwiceIsRefused() {
    assertThatThrownBy(() -> WorkerSettings.of("rhythm@host", List.of("q", "q"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct");
  }

  @Test
  void aBlankNameIsRefused() {
    assertThatThrownBy(() -> WorkerSettings.of(" ", QUEUES, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not blank");
  }

  @Test
  void aHeartbeatIntervalThatIsNotPositiveIsRefused() {
    WorkerSettings settings = WorkerSettings.of("rhythm@host", QUEUES, 1);

    assertThatThrownBy(() -> settings.withHeartbeatInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeat interval is positive");
  }
}
