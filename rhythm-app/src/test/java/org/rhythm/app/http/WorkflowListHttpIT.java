package org.rhythm.app.http;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WorkflowListHttpContract} on MongoDB and RabbitMQ. */
class WorkflowListHttpIT extends WorkflowListHttpContract {
  @RegisterExtension static final MongoRabbitMqAdapters ADAPTERS = new MongoRabbitMqAdapters();

  @Override
  protected TestAdapters adapters() {
    return ADAPTERS;
  }
}
