package org.rhythm.app.http;

/** {@link WorkflowControlHttpContract} on the in-memory adapters. */
class WorkflowControlHttpTest extends WorkflowControlHttpContract {
  @Override
  protected TestAdapters adapters() {
    return new InMemoryAdapters();
  }
}
