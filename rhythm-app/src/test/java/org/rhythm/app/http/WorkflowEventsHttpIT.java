package org.rhythm.app.http;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WorkflowEventsHttpContract} on MongoDB and RabbitMQ. */
class WorkflowEventsHttpIT extends WorkflowEventsHttpContract {
  @RegisterExtension static final MongoRabbitMqAdapters ADAPTERS = new MongoRabbitMqAdapters();

  @Override
  protected TestAdapters adapters() {
    return ADAPTERS;
  }
}
