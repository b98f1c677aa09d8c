package org.rhythm.app.http;

/** {@link WorkflowViewHttpContract} on the in-memory adapters. */
class WorkflowViewHttpTest extends WorkflowViewHttpContract {
  @Override
  protected TestAdapters adapters() {
    return new InMemoryAdapters();
  }
}
