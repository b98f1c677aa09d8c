package org.rhythm.app.http;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link HttpStoryContract} on MongoDB and RabbitMQ. */
class HttpStoryIT extends HttpStoryContract {
  @RegisterExtension static final MongoRabbitMqAdapters ADAPTERS = new MongoRabbitMqAdapters();

  @Override
  protected TestAdapters adapters() {
    return ADAPTERS;
  }
}
