package org.rhythm.adapter.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.event.CommandListener;
import java.util.List;
import org.bson.Document;
import org.rhythm.ports.out.TransientFailureException;

/** The open client of a started {@link MongoResultStore} and its two collections. */
final class MongoConnection implements AutoCloseable {
  /** The codes of a createIndexes refused because an equal index exists under another name. */
  private static final List<Integer> INDEX_CONFLICTS = List.of(85, 86);

  private final MongoClient client;
  private final MongoCollection<Document> workflows;
  private final MongoCollection<Document> tasks;

  private MongoConnection(MongoClient client, MongoDatabase database) {
    this.client = client;
    this.workflows = database.getCollection(MongoResultStore.WORKFLOWS);
    this.tasks = database.getCollection(MongoResultStore.TASKS);
  }

  /**
   * Connects, checks that the server answers and creates the store's indexes.
   *
   * @throws TransientFailureException when the server cannot be reached or refuses the client,
   *     naming it without the password
   */
  static MongoConnection open(MongoSettings settings, List<CommandListener> listeners) {
    MongoClient client = MongoClients.create(clientSettings(settings, listeners));
    try {
      MongoDatabase database = client.getDatabase(settings.database());
      database.runCommand(new Document("ping", 1));
      MongoConnection connection = new MongoConnection(client, database);
      createIndexes(connection.workflows, StoreIndexes.workflows());
      createIndexes(connection.tasks, StoreIndexes.tasks());
      return connection;
    } catch (MongoException e) {
      client.close();
      throw new TransientFailureException(
          "MongoDB at "
              + settings.redactedUri()
              + " (database "
              + settings.database()
              + ") is unreachable or refused the store: "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  MongoCollection<Document> workflows() {
    return workflows;
  }

  MongoCollection<Document> tasks() {
    return tasks;
  }

  @Override
  public void close() {
    client.close();
  }

  private static MongoClientSettings clientSettings(
      MongoSettings settings, List<CommandListener> listeners) {
    ConnectionString connectionString = new ConnectionString(settings.uri());
    MongoClientSettings.Builder builder =
        MongoClientSettings.builder().applyConnectionString(connectionString);
    if (connectionString.getApplicationName() == null) {
      builder.applicationName("rhythm");
    }
    listeners.forEach(builder::addCommandListener);
    return builder.build();
  }

  /** Creates each index unless an equal one exists already, perhaps under another name. */
  private static void createIndexes(
      MongoCollection<Document> collection, List<IndexModel> indexes) {
    for (IndexModel index : indexes) {
      try {
        collection.createIndexes(List.of(index));
      } catch (MongoCommandException e) {
        if (!INDEX_CONFLICTS.contains(e.getErrorCode())) {
          throw e;
        }
      }
    }
  }
}
