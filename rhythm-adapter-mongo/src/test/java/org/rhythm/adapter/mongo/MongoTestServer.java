package org.rhythm.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The MongoDB of a test class (DESIGN.md §6): the server {@value #URI_VARIABLE} names when it is
 * set, else mongo-java-server with its memory backend, started inside this JVM on an ephemeral port
 * before the class and stopped after it. Gives a started {@link MongoResultStore} on it.
 */
final class MongoTestServer implements BeforeAllCallback, AfterAllCallback {
  static final String URI_VARIABLE = "RHYTHM_TEST_MONGO_URI";

  /** The database of the tests on a real server, kept apart from a production {@code celery}. */
  static final String DATABASE = "rhythm_it";

  private final List<CommandListener> listeners;
  private MongoServer server;
  private String uri;
  private MongoResultStore store;
  private MongoClient rawClient;

  MongoTestServer() {
    this(List.of());
  }

  /** A server whose store reports every command to {@code listeners}. */
  MongoTestServer(List<CommandListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String configured = System.getenv(URI_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      uri = configured;
    } else {
      server = new MongoServer(new MemoryBackend());
      uri = server.bindAndGetConnectionString();
    }
    store = new MongoResultStore(settings(), listeners);
    store.start();
    rawClient = MongoClients.create(uri);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (rawClient != null) {
      rawClient.close();
    }
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  /** The started store. */
  MongoResultStore resultStore() {
    return store;
  }

  /** The settings of the store, for a second client on the same data. */
  MongoSettings settings() {
    return new MongoSettings(uri, DATABASE);
  }

  /** The store's database through a client of its own, to read and write documents directly. */
  MongoDatabase database() {
    return rawClient.getDatabase(DATABASE);
  }
}
