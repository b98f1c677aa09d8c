package org.rhythm.app.http;

/** {@link WorkflowCreationHttpContract} on the in-memory adapters. */
class WorkflowCreationHttpTest extends WorkflowCreationHttpContract {
  @Override
  protected TestAdapters adapters() {
    return new InMemoryAdapters();
  }
}
