package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.out.TransientFailureException;
import org.rhythm.ports.service.Backoff;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.testkit.time.MutableClock;

/**
 * The service retries a store that cannot be reached for a moment, and writes nothing by halves.
 */
class TransientFailureTest {
  private static final Backoff QUICK = new Backoff(3, Duration.ofMillis(1), Duration.ofMillis(2));

  private final InMemoryBroker broker = new InMemoryBroker();
  private final FlakyStore store = new FlakyStore();
  private final WorkflowService service =
      new WorkflowService(
          store,
          broker,
          new MutableClock(),
          Ids.random(),
          ServiceSettings.DEFAULTS.withDefaultQueue("q").withTransientRetry(QUICK));

  @AfterEach
  void closeBroker() {
    broker.close();
  }

  @Test
  void aStartWhoseStoreFailsTwiceSucceedsOnTheThirdTry() {
    WorkflowId id = service.create(WorkflowSpec.of("wf", "app", StepSpec.of("one", "t")));
    store.failNextApplies(2);

    service.start(id, List.of(1L), Map.of());

    assertThat(store.failedApplies()).isEqualTo(2);
    assertThat(service.view(id, ViewOptions.DEFAULT).status()).isEqualTo(WorkflowStatus.PENDING);
    assertThat(store.find(id).orElseThrow().step(0).dispatch()).isNotNull();
  }

  @Test
  void aStoreThatStaysUnreachableFailsTheCallAndChangesNothing() {
    WorkflowId id = service.create(WorkflowSpec.of("wf", "app", StepSpec.of("one", "t")));
    store.failNextApplies(10);

    assertThatThrownBy(() -> service.start(id, List.of(1L), Map.of()))
        .isInstanceOf(TransientFailureException.class);
    assertThat(store.find(id).orElseThrow().step(0).dispatch()).isNull();
    assertThat(store.find(id).orElseThrow().startArgs()).isNull();
  }

  /** The in-memory store, but its next applies fail before they change anything. */
  private static final class FlakyStore extends ForwardingResultStore {
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    FlakyStore() {
      super(new InMemoryResultStore());
    }

    void failNextApplies(int count) {
      failuresLeft.set(count);
    }

    int failedApplies() {
      return failed.get();
    }

    @Override
    public Optional<Workflow> apply(WorkflowId id, Transition transition) {
      if (failuresLeft.getAndDecrement() > 0) {
        failed.incrementAndGet();
        throw new TransientFailureException("store unreachable", null);
      }
      return super.apply(id, transition);
    }
  }
}
