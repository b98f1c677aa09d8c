package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.testkit.contract.ResultStoreContract;
import org.rhythm.testkit.fixture.Workflows;

class InMemoryResultStoreTest extends ResultStoreContract {
  private final ResultStore store = new InMemoryResultStore();

  @Override
  protected ResultStore store() {
    return store;
  }

  @Test
  void twoStoresShareNothing() {
    Workflow workflow = Workflows.any();
    store.create(workflow);

    Optional<Workflow> found = new InMemoryResultStore().find(workflow.id());

    assertThat(found).isEmpty();
  }
}
