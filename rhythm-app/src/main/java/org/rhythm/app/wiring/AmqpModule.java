package org.rhythm.app.wiring;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.rhythm.adapter.amqp.celery.AmqpCeleryBroker;
import org.rhythm.adapter.amqp.celery.AmqpSettings;
import org.rhythm.ports.out.Broker;

/**
 * Binds the broker to RabbitMQ, speaking Celery's protocol so that Python Celery workers share its
 * queues. The broker connects when the app starts it, not here.
 */
public final class AmqpModule extends AbstractModule {
  private final AmqpSettings settings;

  public AmqpModule(AmqpSettings settings) {
    this.settings = requireNonNull(settings, "settings");
  }

  @Provides
  @Singleton
  Broker broker() {
    return new AmqpCeleryBroker(settings);
  }
}
