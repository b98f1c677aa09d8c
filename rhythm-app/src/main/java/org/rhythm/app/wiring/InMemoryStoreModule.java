package org.rhythm.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.ports.out.ResultStore;

/** Binds the result store to the in-process one: state lives as long as this JVM. */
public final class InMemoryStoreModule extends AbstractModule {

  @Provides
  @Singleton
  ResultStore resultStore() {
    return new InMemoryResultStore();
  }
}
