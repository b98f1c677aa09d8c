package org.rhythm.app.http;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WorkflowCreationHttpContract} on MongoDB and RabbitMQ. */
class WorkflowCreationHttpIT extends WorkflowCreationHttpContract {
  @RegisterExtension static final MongoRabbitMqAdapters ADAPTERS = new MongoRabbitMqAdapters();

  @Override
  protected TestAdapters adapters() {
    return ADAPTERS;
  }
}
