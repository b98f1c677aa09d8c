package org.rhythm.app.http;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WorkflowControlHttpContract} on MongoDB and RabbitMQ. */
class WorkflowControlHttpIT extends WorkflowControlHttpContract {
  @RegisterExtension static final MongoRabbitMqAdapters ADAPTERS = new MongoRabbitMqAdapters();

  @Override
  protected TestAdapters adapters() {
    return ADAPTERS;
  }
}
