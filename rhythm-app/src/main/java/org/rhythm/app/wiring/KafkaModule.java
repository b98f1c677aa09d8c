package org.rhythm.app.wiring;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.rhythm.adapter.kafka.KafkaBroker;
import org.rhythm.adapter.kafka.KafkaSettings;
import org.rhythm.ports.out.Broker;

/**
 * Binds the broker to Kafka: a topic per queue and priority band, revocations on a control topic.
 * The broker connects when the app starts it, not here.
 */
public final class KafkaModule extends AbstractModule {
  private final KafkaSettings settings;

  public KafkaModule(KafkaSettings settings) {
    this.settings = requireNonNull(settings, "settings");
  }

  @Provides
  @Singleton
  KafkaBroker kafkaBroker() {
    return new KafkaBroker(settings);
  }

  @Provides
  Broker broker(KafkaBroker broker) {
    return broker;
  }
}
