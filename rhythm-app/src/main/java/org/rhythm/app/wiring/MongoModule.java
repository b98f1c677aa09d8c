package org.rhythm.app.wiring;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.rhythm.adapter.mongo.MongoResultStore;
import org.rhythm.adapter.mongo.MongoSettings;
import org.rhythm.ports.out.ResultStore;

/**
 * Binds the result store to MongoDB, in the collections sca_rhythm and Celery share. The store
 * connects when the app starts it, not here.
 */
public final class MongoModule extends AbstractModule {
  private final MongoSettings settings;

  public MongoModule(MongoSettings settings) {
    this.settings = requireNonNull(settings, "settings");
  }

  @Provides
  @Singleton
  ResultStore resultStore() {
    return new MongoResultStore(settings);
  }
}
