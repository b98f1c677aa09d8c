package org.rhythm.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.rhythm.adapter.inmemory.InMemoryBroker;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ResultStore;

/** Binds the ports to the in-process adapters: Rhythm in one JVM, with no server. */
public final class InMemoryModule extends AbstractModule {

  @Provides
  @Singleton
  InMemoryBroker inMemoryBroker() {
    return new InMemoryBroker();
  }

  @Provides
  Broker broker(InMemoryBroker broker) {
    return broker;
  }

  @Provides
  @Singleton
  ResultStore resultStore() {
    return new InMemoryResultStore();
  }
}
