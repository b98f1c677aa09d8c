package org.rhythm.app.wiring;

import com.google.inject.AbstractModule;

/** Binds both ports to the in-process adapters: Rhythm in one JVM, with no server. */
public final class InMemoryModule extends AbstractModule {

  @Override
  protected void configure() {
    install(new InMemoryBrokerModule());
    install(new InMemoryStoreModule());
  }
}
