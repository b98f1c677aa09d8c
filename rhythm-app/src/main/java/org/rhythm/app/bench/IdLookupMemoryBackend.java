package org.rhythm.app.bench;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/**
 * mongo-java-server's memory backend, with one change in how a query finds its documents: a filter
 * that pins {@code _id} to one value or an {@code $in} list looks the candidates up in the {@code
 * _id} index and matches the whole filter against them only, as MongoDB does.
 *
 * <p>The plain memory backend uses an index only when the filter names exactly the index's fields,
 * so a conditional write such as {@code {_id: X, status: {$nin: [...]}}} scans the whole
 * collection. Rhythm's writes are conditional, and with the scan the bench would measure the
 * stand-in's collection size instead of Rhythm. Which documents match is unchanged: the filter's
 * top-level conditions are a conjunction, so every match is among the documents with that id.
 *
 * <p>It also keeps no data size: the plain backend encodes every updated document once more only to
 * report collection sizes, which Rhythm never asks for.
 */
final class IdLookupMemoryBackend extends MemoryBackend {
  private static final String ID = "_id";

  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getCursorRegistry());
  }

  private static final class Database extends MemoryDatabase {
    Database(String databaseName, CursorRegistry cursorRegistry) {
      super(databaseName, cursorRegistry);
    }

    @Override
    protected MemoryCollection openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      return new Collection(this, collectionName, options, cursorRegistry);
    }
  }

  private static final class Collection extends MemoryCollection {
    Collection(
        MongoDatabase database,
        String collectionName,
        CollectionOptions options,
        CursorRegistry cursorRegistry) {
      super(database, collectionName, options, cursorRegistry);
    }

    @Override
    protected QueryResult queryDocuments(
        Document query,
        Document orderBy,
        int numberToSkip,
        int limit,
        int batchSize,
        Document fieldSelector) {
      if (query.size() > 1 && query.containsKey(ID)) {
        Document byId = new Document(ID, query.get(ID));
        Index<Integer> idIndex = idIndex();
        if (idIndex != null && idIndex.canHandle(byId)) {
          return matchDocuments(
              query,
              idIndex.getPositions(byId),
              orderBy,
              numberToSkip,
              limit,
              batchSize,
              fieldSelector);
        }
      }
      return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected boolean tracksDataSize() {
      return false;
    }

    private Index<Integer> idIndex() {
      for (Index<Integer> index : getIndexes()) {
        List<IndexKey> keys = index.getKeys();
        if (keys.size() == 1 && keys.get(0).getKey().equals(ID)) {
          return index;
        }
      }
      return null;
    }
  }
}
