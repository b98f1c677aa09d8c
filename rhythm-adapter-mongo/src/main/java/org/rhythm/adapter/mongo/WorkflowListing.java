package org.rhythm.adapter.mongo;

import static org.rhythm.adapter.mongo.WorkflowDocuments.APP_ID;
import static org.rhythm.adapter.mongo.WorkflowDocuments.CREATED_AT;
import static org.rhythm.adapter.mongo.WorkflowDocuments.ID;
import static org.rhythm.adapter.mongo.WorkflowDocuments.NAME;
import static org.rhythm.adapter.mongo.WorkflowDocuments.STATUS;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.bson.Document;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.WorkflowQuery;

/**
 * The queries behind {@code list} and {@code countByStatus} on {@code workflow_meta}, as rhythm_api
 * runs them (rhythm-api-contract.md §1.2): filters on {@code app_id}, the cached {@code _status},
 * {@code _id} and {@code name}; pages ordered by {@code created_at}, ties by {@code _id}. Pure.
 */
final class WorkflowListing {
  /** A sort key of the oldest-first page only, removed before documents are returned. */
  static final String UNDATED = "_rhythm_undated";

  private WorkflowListing() {}

  /** The {@code $match} filter of a query. */
  static Document match(WorkflowQuery query) {
    Document match = new Document();
    if (query.appId() != null) {
      match.put(APP_ID, query.appId());
    }
    if (!query.statuses().isEmpty()) {
      List<String> names = query.statuses().stream().map(WorkflowStatus::name).sorted().toList();
      match.put(STATUS, new Document("$in", names));
    }
    if (query.ids() != null) {
      LinkedHashSet<String> ids = new LinkedHashSet<>();
      query.ids().stream().map(WorkflowId::value).forEach(ids::add);
      match.put(ID, new Document("$in", new ArrayList<>(ids)));
    }
    if (query.name() != null) {
      match.put(NAME, query.name());
    }
    return match;
  }

  /**
   * The pipeline of one page. Newest first is a plain sort, which an index on {@code created_at}
   * serves: MongoDB orders a missing or null {@code created_at} below every date, so those come
   * last. Oldest first would put them first, so that order sorts on a computed "undated" key before
   * {@code created_at}.
   */
  static List<Document> page(WorkflowQuery query) {
    List<Document> pipeline = new ArrayList<>();
    pipeline.add(new Document("$match", match(query)));
    if (query.oldestFirst()) {
      Document dated = new Document("$ifNull", List.of("$" + CREATED_AT, false));
      pipeline.add(
          new Document(
              "$addFields", new Document(UNDATED, new Document("$cond", List.of(dated, 0, 1)))));
      pipeline.add(
          new Document("$sort", new Document(UNDATED, 1).append(CREATED_AT, 1).append(ID, 1)));
    } else {
      pipeline.add(new Document("$sort", new Document(CREATED_AT, -1).append(ID, 1)));
    }
    if (query.skip() > 0) {
      pipeline.add(new Document("$skip", query.skip()));
    }
    pipeline.add(new Document("$limit", query.limit()));
    if (query.oldestFirst()) {
      pipeline.add(new Document("$project", new Document(UNDATED, 0)));
    }
    return pipeline;
  }

  /**
   * The pipeline counting workflows by cached status, of one app or of all when {@code appId} is
   * null; workflows without a cached status are left out.
   */
  static List<Document> countByStatus(String appId) {
    Document match = new Document();
    if (appId != null) {
      match.put(APP_ID, appId);
    }
    match.put(STATUS, new Document("$ne", null));
    return List.of(
        new Document("$match", match),
        new Document(
            "$group", new Document(ID, "$" + STATUS).append("count", new Document("$sum", 1))));
  }
}
