package org.rhythm.adapter.mongo;

import static java.util.Objects.requireNonNull;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.event.CommandListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.bson.BSONException;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.Connectable;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.TransientFailureException;
import org.rhythm.ports.out.WorkflowExistsException;
import org.rhythm.ports.out.WorkflowPage;
import org.rhythm.ports.out.WorkflowQuery;

/**
 * A {@link ResultStore} on MongoDB, in the collections sca_rhythm and Celery share: {@code
 * workflow_meta} ({@link WorkflowDocuments}) and {@code celery_taskmeta} ({@link TaskDocuments}).
 * Every method is one round trip, except {@code list} (two when the page is full or empty after a
 * skip) and a refused {@code saveTask} (two). A transition is one conditional {@code findAndModify}
 * ({@link WorkflowUpdates}) that returns the changed document. Driver failures are rethrown as
 * {@link TransientFailureException}; a value BSON cannot hold and a stored document the domain
 * cannot read (a step without a task, say) as {@link IllegalArgumentException}.
 *
 * <p>The constructor does no I/O: {@link #start} connects, checks that the server answers and
 * creates the indexes; {@link #close} disconnects.
 */
public final class MongoResultStore implements ResultStore, Connectable, AutoCloseable {
  static final String WORKFLOWS = "workflow_meta";
  static final String TASKS = "celery_taskmeta";
  // Only the fields the adapter reads come back. This also keeps mongo-java-server from sending the
  // stored document itself, which it encodes after releasing its lock while a concurrent update
  // changes it (the connection then drops); a projection makes it send a copy.
  private static final FindOneAndUpdateOptions RETURN_CHANGED =
      new FindOneAndUpdateOptions()
          .returnDocument(ReturnDocument.AFTER)
          .projection(WorkflowDocuments.readFields());

  private final MongoSettings settings;
  private final List<CommandListener> listeners;
  private volatile MongoConnection connection;

  /** A store on this MongoDB; nothing happens until {@link #start}. */
  public MongoResultStore(MongoSettings settings) {
    this(settings, List.of());
  }

  /**
   * A store whose client also reports every command to {@code listeners}, e.g. to count round
   * trips.
   */
  public MongoResultStore(MongoSettings settings, List<CommandListener> listeners) {
    this.settings = requireNonNull(settings, "settings");
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Connects, checks that the server answers and creates the indexes the store's queries use, plus
   * Celery's {@code date_done_1}. Does nothing when already started.
   *
   * @throws TransientFailureException when the server cannot be reached, naming it without the
   *     password
   */
  public synchronized void start() {
    if (connection == null) {
      connection = MongoConnection.open(settings, listeners);
    }
  }

  /** Disconnects; the store may be started again. */
  @Override
  public synchronized void close() {
    MongoConnection open = connection;
    connection = null;
    if (open != null) {
      open.close();
    }
  }

  @Override
  public void create(Workflow workflow) {
    Document document = WorkflowDocuments.toDocument(requireNonNull(workflow, "workflow"));
    call(
        "create workflow " + workflow.id(),
        () -> {
          try {
            return connection().workflows().insertOne(document);
          } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
              throw new WorkflowExistsException(workflow.id());
            }
            throw e;
          }
        });
  }

  @Override
  public Optional<Workflow> find(WorkflowId id) {
    requireNonNull(id, "id");
    Document document =
        call(
            "find workflow " + id,
            () -> connection().workflows().find(new Document("_id", id.value())).first());
    return Optional.ofNullable(document).map(WorkflowDocuments::fromDocument);
  }

  @Override
  public Optional<Workflow> apply(WorkflowId id, Transition transition) {
    Bson filter = WorkflowUpdates.filter(requireNonNull(id, "id"), transition);
    Bson update = WorkflowUpdates.update(transition.changes());
    Document changed =
        call(
            "apply a transition to workflow " + id,
            () -> connection().workflows().findOneAndUpdate(filter, update, RETURN_CHANGED));
    return Optional.ofNullable(changed).map(WorkflowDocuments::fromDocument);
  }

  @Override
  public TaskRecords tasks(Collection<TaskId> ids) {
    List<String> distinct = distinct(ids);
    if (distinct.isEmpty()) {
      return TaskRecords.none();
    }
    List<TaskRecord> records = new ArrayList<>(distinct.size());
    call(
        "read " + distinct.size() + " task records",
        () ->
            connection()
                .tasks()
                .find(new Document("_id", new Document("$in", distinct)))
                .limit(distinct.size())
                .batchSize(distinct.size())
                .map(TaskDocuments::fromDocument)
                .into(records));
    return TaskRecords.of(records);
  }

  /**
   * Replaces the record only where its stored state may move to the new one; an upsert that finds
   * the stored record refusing tries to insert a second {@code _id} and fails with a duplicate key.
   * That failure can also mean a first record was inserted concurrently, so the write is tried once
   * more against it before it counts as refused.
   */
  @Override
  public boolean saveTask(TaskRecord record) {
    Document document = TaskDocuments.toDocument(requireNonNull(record, "record"));
    Document filter =
        new Document("_id", record.taskId().value())
            .append(
                TaskDocuments.STATUS,
                new Document("$nin", TaskDocuments.statesThatRefuse(record.state())));
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    return call(
        "save the record of task " + record.taskId(),
        () -> replaced(filter, document, upsert) || replaced(filter, document, upsert));
  }

  private boolean replaced(Document filter, Document document, ReplaceOptions upsert) {
    try {
      connection().tasks().replaceOne(filter, document, upsert);
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /**
   * One aggregate for the page; the total is counted by a second command only when the page does
   * not tell it (a full page, or an empty one after a skip).
   */
  @Override
  public WorkflowPage list(WorkflowQuery query) {
    requireNonNull(query, "query");
    if (query.ids() != null && query.ids().isEmpty()) {
      return new WorkflowPage(0, List.of());
    }
    Document match = WorkflowListing.match(query);
    List<Workflow> page = new ArrayList<>();
    if (query.limit() > 0) {
      call(
          "list workflows",
          () ->
              connection()
                  .workflows()
                  .aggregate(WorkflowListing.page(query))
                  .batchSize(oneBatch(query.limit()))
                  .map(WorkflowDocuments::fromDocument)
                  .into(page));
    }
    boolean totalKnown =
        query.limit() > 0 && page.size() < query.limit() && (!page.isEmpty() || query.skip() == 0);
    long total =
        totalKnown
            ? query.skip() + page.size()
            : call("count workflows", () -> connection().workflows().countDocuments(match));
    return new WorkflowPage(total, page);
  }

  @Override
  public Map<WorkflowStatus, Long> countByStatus(String appId) {
    List<Document> groups = new ArrayList<>();
    call(
        "count workflows by status",
        () ->
            connection().workflows().aggregate(WorkflowListing.countByStatus(appId)).into(groups));
    Map<WorkflowStatus, Long> counts = new HashMap<>();
    for (Document group : groups) {
      if (group.get("_id") instanceof String status
          && !status.isBlank()
          && group.get("count") instanceof Number count) {
        counts.merge(WorkflowStatus.of(status), count.longValue(), Long::sum);
      }
    }
    return Map.copyOf(counts);
  }

  /**
   * One aggregate grouping on the whole {@code kwargs.step} value: {@code distinct} would look into
   * arrays and report their elements as step names.
   */
  @Override
  public Set<String> taskStepNames() {
    String step = TaskDocuments.KWARGS + ".step";
    List<Document> groups = new ArrayList<>();
    call(
        "read the distinct step names of task records",
        () ->
            connection()
                .tasks()
                .aggregate(
                    List.of(
                        new Document("$match", new Document(step, new Document("$exists", true))),
                        new Document("$group", new Document("_id", "$" + step))))
                .into(groups));
    Set<String> names = new HashSet<>();
    for (Document group : groups) {
      if (group.get("_id") instanceof String name) {
        names.add(name);
      }
    }
    return Set.copyOf(names);
  }

  @Override
  public boolean delete(WorkflowId id) {
    requireNonNull(id, "id");
    return call(
        "delete workflow " + id,
        () ->
            connection().workflows().deleteOne(new Document("_id", id.value())).getDeletedCount()
                == 1);
  }

  @Override
  public long deleteTasks(Collection<TaskId> ids) {
    List<String> distinct = distinct(ids);
    if (distinct.isEmpty()) {
      return 0;
    }
    return call(
        "delete " + distinct.size() + " task records",
        () ->
            connection()
                .tasks()
                .deleteMany(new Document("_id", new Document("$in", distinct)))
                .getDeletedCount());
  }

  private MongoConnection connection() {
    MongoConnection open = connection;
    if (open == null) {
      throw new IllegalStateException("the MongoDB result store is not started");
    }
    return open;
  }

  /** Runs one operation, rethrowing what the driver throws as a port exception. */
  private <T> T call(String operation, Supplier<T> body) {
    try {
      return body.get();
    } catch (MongoException e) {
      throw new TransientFailureException(
          "MongoDB at " + settings.redactedUri() + ": " + operation + " failed: " + e.getMessage(),
          e);
    } catch (BSONException e) {
      throw new IllegalArgumentException(
          "MongoDB cannot hold what " + operation + " writes: " + e.getMessage(), e);
    }
  }

  /**
   * A batch size that returns a page of {@code limit} in the first reply and lets the server see
   * the cursor exhausted, so that neither a {@code getMore} nor a {@code killCursors} follows.
   */
  private static int oneBatch(int limit) {
    return limit == Integer.MAX_VALUE ? limit : limit + 1;
  }

  private static List<String> distinct(Collection<TaskId> ids) {
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    ids.forEach(id -> distinct.add(id.value()));
    return new ArrayList<>(distinct);
  }
}
