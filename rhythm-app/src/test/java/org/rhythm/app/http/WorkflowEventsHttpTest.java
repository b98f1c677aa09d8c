package org.rhythm.app.http;

/** {@link WorkflowEventsHttpContract} on the in-memory adapters. */
class WorkflowEventsHttpTest extends WorkflowEventsHttpContract {
  @Override
  protected TestAdapters adapters() {
    return new InMemoryAdapters();
  }
}
