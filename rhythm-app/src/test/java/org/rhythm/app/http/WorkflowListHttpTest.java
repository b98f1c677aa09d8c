package org.rhythm.app.http;

/** {@link WorkflowListHttpContract} on the in-memory adapters. */
class WorkflowListHttpTest extends WorkflowListHttpContract {
  @Override
  protected TestAdapters adapters() {
    return new InMemoryAdapters();
  }
}
