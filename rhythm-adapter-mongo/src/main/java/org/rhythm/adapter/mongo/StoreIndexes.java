package org.rhythm.adapter.mongo;

import static org.rhythm.adapter.mongo.WorkflowDocuments.APP_ID;
import static org.rhythm.adapter.mongo.WorkflowDocuments.CREATED_AT;
import static org.rhythm.adapter.mongo.WorkflowDocuments.ID;
import static org.rhythm.adapter.mongo.WorkflowDocuments.STATUS;

import com.mongodb.client.model.IndexModel;
import java.util.List;
import org.bson.Document;

/**
 * The indexes the store creates at start. Those rhythm_api and Celery create keep their key
 * patterns and default names ({@code _status_1}, {@code date_done_1}), so creating them again
 * changes nothing (rhythm-api-contract.md §4).
 */
final class StoreIndexes {
  private StoreIndexes() {}

  /**
   * {@code workflow_meta}: the list's newest-first order, alone and within an app (the UI's usual
   * query); statuses within an app (counts, status filters); statuses over all apps.
   */
  static List<IndexModel> workflows() {
    return List.of(
        new IndexModel(new Document(CREATED_AT, -1).append(ID, 1)),
        new IndexModel(new Document(APP_ID, 1).append(CREATED_AT, -1).append(ID, 1)),
        new IndexModel(new Document(APP_ID, 1).append(STATUS, 1)),
        new IndexModel(new Document(STATUS, 1)));
  }

  /** {@code celery_taskmeta}: Celery's own index on {@code date_done}. */
  static List<IndexModel> tasks() {
    return List.of(new IndexModel(new Document(TaskDocuments.DATE_DONE, 1)));
  }
}
