package org.rhythm.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.rhythm.adapter.inmemory.InMemoryBroker;
import org.rhythm.ports.out.Broker;

/** Binds the broker to the in-process one: publishers and workers in this JVM only. */
public final class InMemoryBrokerModule extends AbstractModule {

  @Provides
  @Singleton
  InMemoryBroker inMemoryBroker() {
    return new InMemoryBroker();
  }

  @Provides
  Broker broker(InMemoryBroker broker) {
    return broker;
  }
}
