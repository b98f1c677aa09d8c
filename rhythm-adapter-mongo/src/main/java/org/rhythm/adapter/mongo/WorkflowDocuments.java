package org.rhythm.adapter.mongo;

import static org.rhythm.adapter.mongo.BsonValues.date;
import static org.rhythm.adapter.mongo.BsonValues.instant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.Step;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;

/**
 * A {@link Workflow} as its {@code workflow_meta} document, both ways, with sca_rhythm's field
 * names and BSON types (rhythm-api-contract.md §1.5) plus Rhythm's snake_case additions ({@code
 * dispatch}, {@code heartbeat}, {@code paused_at}, {@code start_args}, {@code start_kwargs}).
 * Instants become BSON dates, so they keep whole milliseconds only. Reading accepts documents
 * written by sca_rhythm, whose optional fields may be missing (read as null; missing {@code
 * task_runs} as none) and whose priorities may lie outside 0–9 (clamped). Pure.
 */
public final class WorkflowDocuments {
  static final String ID = "_id";
  static final String CREATED_AT = "created_at";
  static final String STEPS = "steps";
  static final String NAME = "name";
  static final String APP_ID = "app_id";
  static final String DESCRIPTION = "description";
  static final String STATUS = "_status";
  static final String UPDATED_AT = "updated_at";
  static final String RESUME_LOCK = "resume_lock";
  static final String PAUSED_AT = "paused_at";
  static final String START_ARGS = "start_args";
  static final String START_KWARGS = "start_kwargs";

  static final String TASK = "task";
  static final String QUEUE = "queue";
  static final String KWARGS = "kwargs";
  static final String PRIORITY = "priority";
  static final String TASK_RUNS = "task_runs";
  static final String DISPATCH = "dispatch";
  static final String HEARTBEAT = "heartbeat";
  static final String LEASED = "leased";

  static final String TASK_ID = "task_id";
  static final String DATE_START = "date_start";
  static final String ARGS = "args";
  static final String SENT_AT = "sent_at";
  static final String CAUSE = "cause";
  static final String HELD = "held";
  static final String AT = "at";

  private WorkflowDocuments() {}

  /** The top-level fields {@link #fromDocument} reads, as a projection that keeps only them. */
  static Document readFields() {
    Document fields = new Document();
    for (String field :
        List.of(
            CREATED_AT,
            STEPS,
            NAME,
            APP_ID,
            DESCRIPTION,
            STATUS,
            UPDATED_AT,
            RESUME_LOCK,
            PAUSED_AT,
            START_ARGS,
            START_KWARGS)) {
      fields.append(field, 1);
    }
    return fields;
  }

  /**
   * The document of a new workflow. {@code name}, {@code app_id}, {@code description}, {@code
   * resume_lock} and each step's {@code kwargs} are always written, null allowed; {@code
   * updated_at}, which sca_rhythm leaves out until the first update, a step's {@code queue} and
   * {@code priority}, and Rhythm's additions only when set.
   */
  public static Document toDocument(Workflow workflow) {
    Document document = new Document(ID, workflow.id().value());
    putIfSet(document, CREATED_AT, date(workflow.createdAt()));
    List<Document> steps = new ArrayList<>(workflow.steps().size());
    workflow.steps().forEach(step -> steps.add(step(step)));
    document.put(STEPS, steps);
    document.put(NAME, workflow.name());
    document.put(APP_ID, workflow.appId());
    document.put(DESCRIPTION, workflow.description());
    putIfSet(document, STATUS, workflow.storedStatus() == null ? null : status(workflow));
    putIfSet(document, UPDATED_AT, date(workflow.updatedAt()));
    document.put(RESUME_LOCK, date(workflow.resumeLock()));
    putIfSet(document, PAUSED_AT, date(workflow.pausedAt()));
    putIfSet(
        document,
        START_ARGS,
        workflow.startArgs() == null ? null : BsonValues.toBson(workflow.startArgs()));
    putIfSet(
        document,
        START_KWARGS,
        workflow.startKwargs() == null ? null : BsonValues.toBsonObject(workflow.startKwargs()));
    return document;
  }

  /**
   * The workflow a document holds.
   *
   * @throws IllegalArgumentException naming the document and the field when a field the domain
   *     requires is missing or of the wrong type (a step without {@code name} or {@code task}, a
   *     run without {@code task_id} or {@code date_start}, no steps)
   */
  public static Workflow fromDocument(Document document) {
    String id = String.valueOf(document.get(ID));
    Fields fields = new Fields("workflow_meta " + id);
    List<Step> steps = new ArrayList<>();
    List<Document> stepDocuments = fields.documents(document, STEPS);
    for (int i = 0; i < stepDocuments.size(); i++) {
      steps.add(step(stepDocuments.get(i), fields.at(STEPS + "[" + i + "]")));
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(fields.where() + " has no steps");
    }
    return new Workflow(
        WorkflowId.of(id),
        fields.string(document, NAME),
        fields.string(document, APP_ID),
        fields.string(document, DESCRIPTION),
        instant(document.get(CREATED_AT)),
        instant(document.get(UPDATED_AT)),
        steps,
        storedStatus(document.get(STATUS)),
        instant(document.get(RESUME_LOCK)),
        instant(document.get(PAUSED_AT)),
        BsonValues.toJsonList(document.get(START_ARGS)),
        BsonValues.toJsonObject(document.get(START_KWARGS)));
  }

  /** A step's {@code dispatch} subdocument. */
  static Document dispatch(Dispatch dispatch) {
    return new Document(TASK_ID, dispatch.taskId().value())
        .append(ARGS, BsonValues.toBson(dispatch.args()))
        .append(KWARGS, BsonValues.toBsonObject(dispatch.kwargs()))
        .append(PRIORITY, dispatch.priority().value())
        .append(SENT_AT, date(dispatch.sentAt()))
        .append(CAUSE, dispatch.cause())
        .append(HELD, dispatch.held());
  }

  /**
   * A step's {@code heartbeat} subdocument; {@code leased} is written only when true, so documents
   * of unleased heartbeats keep their earlier shape.
   */
  static Document heartbeat(Heartbeat heartbeat) {
    Document document =
        new Document(TASK_ID, heartbeat.taskId().value()).append(AT, date(heartbeat.at()));
    if (heartbeat.leased()) {
      document.append(LEASED, true);
    }
    return document;
  }

  /** One {@code task_runs} entry, in sca_rhythm's key order. */
  static Document taskRun(TaskRun run) {
    return new Document(DATE_START, date(run.dateStart())).append(TASK_ID, run.taskId().value());
  }

  private static String status(Workflow workflow) {
    return workflow.storedStatus().name();
  }

  private static Document step(Step step) {
    Document document = new Document(NAME, step.name()).append(TASK, step.task());
    putIfSet(document, QUEUE, step.queue());
    document.put(KWARGS, step.kwargs() == null ? null : BsonValues.toBsonObject(step.kwargs()));
    putIfSet(document, PRIORITY, step.priority());
    List<Document> runs = new ArrayList<>(step.taskRuns().size());
    step.taskRuns().forEach(run -> runs.add(taskRun(run)));
    document.put(TASK_RUNS, runs);
    putIfSet(document, DISPATCH, step.dispatch() == null ? null : dispatch(step.dispatch()));
    putIfSet(document, HEARTBEAT, step.heartbeat() == null ? null : heartbeat(step.heartbeat()));
    return document;
  }

  private static Step step(Document document, Fields fields) {
    List<TaskRun> runs = new ArrayList<>();
    List<Document> runDocuments = fields.documents(document, TASK_RUNS);
    for (int i = 0; i < runDocuments.size(); i++) {
      Document run = runDocuments.get(i);
      Fields runFields = fields.at(TASK_RUNS + "[" + i + "]");
      runs.add(new TaskRun(runFields.taskId(run, TASK_ID), runFields.instant(run, DATE_START)));
    }
    Document dispatch = fields.document(document, DISPATCH);
    Document heartbeat = fields.document(document, HEARTBEAT);
    return new Step(
        fields.required(document, NAME),
        fields.required(document, TASK),
        fields.string(document, QUEUE),
        priority(document.get(PRIORITY)),
        BsonValues.toJsonObject(document.get(KWARGS)),
        runs,
        dispatch == null ? null : dispatch(dispatch, fields.at(DISPATCH)),
        heartbeat == null ? null : heartbeat(heartbeat, fields.at(HEARTBEAT)));
  }

  private static Dispatch dispatch(Document document, Fields fields) {
    List<Object> args = BsonValues.toJsonList(document.get(ARGS));
    Map<String, Object> kwargs = BsonValues.toJsonObject(document.get(KWARGS));
    Integer priority = priority(document.get(PRIORITY));
    String cause = fields.string(document, CAUSE);
    return new Dispatch(
        fields.taskId(document, TASK_ID),
        args == null ? List.of() : args,
        kwargs == null ? Map.of() : kwargs,
        new TaskPriority(priority == null ? TaskPriority.MIN : priority),
        fields.instant(document, SENT_AT),
        cause == null ? "" : cause,
        Boolean.TRUE.equals(document.get(HELD)));
  }

  private static Heartbeat heartbeat(Document document, Fields fields) {
    return new Heartbeat(
        fields.taskId(document, TASK_ID),
        fields.instant(document, AT),
        Boolean.TRUE.equals(document.get(LEASED)));
  }

  /** A stored priority, clamped to 0–9 as sca_rhythm does when it sends; null when not a number. */
  private static Integer priority(Object value) {
    return value instanceof Number number ? TaskPriority.clamped(number.longValue()).value() : null;
  }

  private static WorkflowStatus storedStatus(Object value) {
    return value instanceof String name && !name.isBlank() ? WorkflowStatus.of(name) : null;
  }

  private static void putIfSet(Document document, String key, Object value) {
    if (value != null) {
      document.put(key, value);
    }
  }

  /** Reads the fields of one part of a document, naming that part in every error. */
  private record Fields(String where) {
    Fields at(String part) {
      return new Fields(where + ": " + part);
    }

    String string(Document document, String key) {
      Object value = document.get(key);
      return value instanceof String string ? string : null;
    }

    String required(Document document, String key) {
      String value = string(document, key);
      if (value == null) {
        throw missing(key, "a string");
      }
      return value;
    }

    TaskId taskId(Document document, String key) {
      String value = required(document, key);
      if (value.isBlank()) {
        throw missing(key, "a task id");
      }
      return TaskId.of(value);
    }

    Instant instant(Document document, String key) {
      Instant value = BsonValues.instant(document.get(key));
      if (value == null) {
        throw missing(key, "a date");
      }
      return value;
    }

    Document document(Document document, String key) {
      Object value = document.get(key);
      return value instanceof Document embedded ? embedded : null;
    }

    /** The embedded documents of an array; none when the field is missing or null. */
    List<Document> documents(Document document, String key) {
      Object value = document.get(key);
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List<?> list)) {
        throw missing(key, "an array");
      }
      List<Document> documents = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Document element)) {
          throw missing(key + "[" + i + "]", "a document");
        }
        documents.add(element);
      }
      return documents;
    }

    private IllegalArgumentException missing(String key, String expected) {
      return new IllegalArgumentException(where + ": " + key + " is not " + expected);
    }
  }
}
