package org.rhythm.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.MongoException;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.ports.out.TransientFailureException;
import org.rhythm.testkit.fixture.Workflows;

/**
 * Starting and stopping the store, and what it throws when its server is missing or goes away. Each
 * test starts its own mongo-java-server, so that it may stop it.
 */
class MongoResultStoreLifecycleIT {
  /** Fail within a fraction of a second instead of the driver's 30 s when no server answers. */
  private static final String FAIL_FAST = "?serverSelectionTimeoutMS=300&connectTimeoutMS=300";

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
  }

  @Test
  void startingWithoutAServerThrowsATransientFailureNamingItWithoutThePassword()
      throws IOException {
    int port = freePort();
    MongoResultStore store =
        opened(
            new MongoResultStore(
                MongoSettings.of("mongodb://rhythm:s3cret@127.0.0.1:" + port + "/" + FAIL_FAST)));

    Throwable thrown = catchThrowable(store::start);

    assertThat(thrown)
        .isInstanceOf(TransientFailureException.class)
        .hasMessageContaining("mongodb://rhythm:***@127.0.0.1:" + port + "/")
        .hasMessageContaining("database celery")
        .hasMessageNotContaining("s3cret")
        .hasCauseInstanceOf(MongoException.class);
  }

  @Test
  void theConstructorDoesNoIoAndAStoreNotStartedRefusesToWork() throws IOException {
    MongoResultStore store =
        new MongoResultStore(MongoSettings.of("mongodb://127.0.0.1:" + freePort()));

    Throwable thrown = catchThrowable(() -> store.find(Workflows.newId()));

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not started");
  }

  @Test
  void aStoreWhoseServerWentAwayThrowsATransientFailure() {
    MongoServer server = new MongoServer(new MemoryBackend());
    String uri = server.bindAndGetConnectionString();
    MongoResultStore store = opened(new MongoResultStore(MongoSettings.of(uri + "/" + FAIL_FAST)));
    store.start();
    Workflow workflow = Workflows.any();
    store.create(workflow);
    server.shutdownNow();

    Throwable thrown = catchThrowable(() -> store.find(workflow.id()));

    assertThat(thrown)
        .isInstanceOf(TransientFailureException.class)
        .hasMessageContaining("find workflow " + workflow.id())
        .hasCauseInstanceOf(MongoException.class);
  }

  @Test
  void startCreatesTheIndexesOfTheQueriesAndCeleryDateDoneIndex() {
    MongoSettings settings = settingsOfANewServer();
    MongoResultStore store = opened(new MongoResultStore(settings));

    store.start();

    assertThat(indexKeys(settings, MongoResultStore.WORKFLOWS))
        .contains(
            new Document("created_at", -1).append("_id", 1),
            new Document("app_id", 1).append("created_at", -1).append("_id", 1),
            new Document("app_id", 1).append("_status", 1),
            new Document("_status", 1));
    assertThat(indexKeys(settings, MongoResultStore.TASKS)).contains(new Document("date_done", 1));
  }

  @Test
  void aSecondStoreStartsOnTheSameDatabaseAndSharesItsData() {
    MongoSettings settings = settingsOfANewServer();
    MongoResultStore first = opened(new MongoResultStore(settings));
    first.start();
    Workflow workflow = Workflows.any();
    first.create(workflow);
    MongoResultStore second = opened(new MongoResultStore(settings));

    second.start();

    assertThat(second.find(workflow.id())).contains(workflow);
  }

  @Test
  void aClosedStoreStartsAgain() {
    MongoResultStore store = opened(new MongoResultStore(settingsOfANewServer()));
    store.start();
    Workflow workflow = Workflows.any();
    store.create(workflow);
    store.close();

    store.start();

    assertThat(store.find(workflow.id())).contains(workflow);
  }

  private MongoSettings settingsOfANewServer() {
    MongoServer server = new MongoServer(new MemoryBackend());
    String uri = server.bindAndGetConnectionString();
    opened.add(server::shutdownNow);
    return MongoSettings.of(uri);
  }

  private List<Document> indexKeys(MongoSettings settings, String collection) {
    try (com.mongodb.client.MongoClient client =
        com.mongodb.client.MongoClients.create(settings.uri())) {
      List<Document> keys = new ArrayList<>();
      client
          .getDatabase(settings.database())
          .getCollection(collection)
          .listIndexes()
          .forEach(index -> keys.add(index.get("key", Document.class)));
      return keys;
    }
  }

  private <T extends AutoCloseable> T opened(T closeable) {
    opened.add(0, closeable);
    return closeable;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
