package org.rhythm.app.bench;

import de.bwaldvogel.mongo.MongoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.rhythm.adapter.mongo.MongoResultStore;
import org.rhythm.adapter.mongo.MongoSettings;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.testkit.contract.ResultStoreContract;

/**
 * The whole {@link ResultStoreContract} on the bench's in-process wire server, whose collections
 * look documents up by {@code _id} for filters that pin it: the lookup must find exactly what the
 * plain scan finds, for conditional writes, {@code $in} reads and filters without an id alike.
 */
class BenchMongoServerTest extends ResultStoreContract {
  private static MongoServer server;
  private static MongoResultStore store;

  @BeforeAll
  static void startServer() {
    server = new MongoServer(new IdLookupMemoryBackend());
    store = new MongoResultStore(new MongoSettings(server.bindAndGetConnectionString(), "bench"));
    store.start();
  }

  @AfterAll
  static void stopServer() {
    store.close();
    server.shutdownNow();
  }

  @Override
  protected ResultStore store() {
    return store;
  }
}
