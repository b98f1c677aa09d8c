package org.rhythm.app.http;

/** {@link WorkflowReadsHttpContract} on the in-memory adapters. */
class WorkflowReadsHttpTest extends WorkflowReadsHttpContract {
  @Override
  protected TestAdapters adapters() {
    return new InMemoryAdapters();
  }
}
