package org.rhythm.app.http;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WorkflowViewHttpContract} on MongoDB and RabbitMQ. */
class WorkflowViewHttpIT extends WorkflowViewHttpContract {
  @RegisterExtension static final MongoRabbitMqAdapters ADAPTERS = new MongoRabbitMqAdapters();

  @Override
  protected TestAdapters adapters() {
    return ADAPTERS;
  }
}
