package org.rhythm.app.http;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link HttpAuthContract} on MongoDB and RabbitMQ. */
class HttpAuthIT extends HttpAuthContract {
  @RegisterExtension static final MongoRabbitMqAdapters ADAPTERS = new MongoRabbitMqAdapters();

  @Override
  protected TestAdapters adapters() {
    return ADAPTERS;
  }
}
