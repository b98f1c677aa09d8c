package org.rhythm.app.http;

/** {@link WorkflowCommandsHttpContract} on the in-memory adapters. */
class WorkflowCommandsHttpTest extends WorkflowCommandsHttpContract {
  @Override
  protected TestAdapters adapters() {
    return new InMemoryAdapters();
  }
}
