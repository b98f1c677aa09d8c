package org.rhythm.adapter.mongo;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;

/**
 * A {@link TaskRecord} as its {@code celery_taskmeta} document, both ways, exactly as Celery 5.2's
 * MongoDB backend writes it with {@code result_extended=True} (celery-wire.md §4.1): {@code result}
 * is JSON <em>text</em> as kombu writes it, {@code traceback}, {@code children} and {@code
 * date_done} are always present (Python readers index them directly, §4.7), {@code date_done} is
 * naive-UTC text with six fractional digits, {@code parent_id} appears only when set, and {@code
 * args}/{@code kwargs} are native BSON. Pure.
 */
public final class TaskDocuments {
  static final String ID = "_id";
  static final String STATUS = "status";
  static final String RESULT = "result";
  static final String TRACEBACK = "traceback";
  static final String CHILDREN = "children";
  static final String DATE_DONE = "date_done";
  static final String PARENT_ID = "parent_id";
  static final String NAME = "name";
  static final String ARGS = "args";
  static final String KWARGS = "kwargs";
  static final String WORKER = "worker";
  static final String RETRIES = "retries";
  static final String QUEUE = "queue";

  /** Python's {@code datetime.utcnow().isoformat()}, always with the microseconds. */
  private static final DateTimeFormatter DATE_DONE_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private TaskDocuments() {}

  /**
   * The document of a record, keys in Celery's order. Rhythm knows no child tasks, so {@code
   * children} is always empty.
   */
  public static Document toDocument(TaskRecord record) {
    Document document =
        new Document(ID, record.taskId().value())
            .append(STATUS, record.state().name())
            .append(RESULT, Json.write(record.result()))
            .append(TRACEBACK, record.traceback())
            .append(CHILDREN, new ArrayList<>())
            .append(DATE_DONE, dateDone(record.dateDone()));
    if (record.parentId() != null) {
      document.append(PARENT_ID, record.parentId());
    }
    return document
        .append(NAME, record.name())
        .append(ARGS, record.args() == null ? null : BsonValues.toBson(record.args()))
        .append(KWARGS, record.kwargs() == null ? null : BsonValues.toBsonObject(record.kwargs()))
        .append(WORKER, record.worker())
        .append(RETRIES, record.retries())
        .append(QUEUE, record.queue());
  }

  /**
   * The record a document holds. {@code result} is parsed as JSON, or kept as the raw string when
   * it is not JSON (as sca_rhythm does); {@code date_done} is read from text with or without a
   * fraction, or from a BSON date, and is null when it is neither; a missing {@code status} reads
   * as PENDING and every other missing field as null.
   */
  public static TaskRecord fromDocument(Document document) {
    Object status = document.get(STATUS);
    return new TaskRecord(
        TaskId.of(String.valueOf(document.get(ID))),
        status instanceof String name && !name.isBlank() ? TaskState.of(name) : TaskState.PENDING,
        result(document.get(RESULT)),
        string(document, TRACEBACK),
        dateDone(document.get(DATE_DONE)),
        string(document, PARENT_ID),
        string(document, NAME),
        BsonValues.toJsonList(document.get(ARGS)),
        BsonValues.toJsonObject(document.get(KWARGS)),
        string(document, WORKER),
        document.get(RETRIES) instanceof Number retries ? retries.intValue() : null,
        string(document, QUEUE));
  }

  /**
   * The stored states a record in {@code next} may not replace ({@link TaskState#canMoveTo}): the
   * states for a {@code $nin} filter. Custom states are never among them, since they may move
   * anywhere.
   */
  public static List<String> statesThatRefuse(TaskState next) {
    List<String> refusing = new ArrayList<>();
    for (TaskState.Known known : TaskState.Known.values()) {
      if (!TaskState.of(known.name()).canMoveTo(next)) {
        refusing.add(known.name());
      }
    }
    return refusing;
  }

  /** Celery's {@code date_done} text for an instant; null for none. */
  static String dateDone(Instant at) {
    return at == null ? null : DATE_DONE_FORMAT.format(at);
  }

  /** The instant of a stored {@code date_done}: naive-UTC text, text with an offset, or a date. */
  static Instant dateDone(Object value) {
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (!(value instanceof String text)) {
      return null;
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException naiveFailed) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeException offsetFailed) {
        return null;
      }
    }
  }

  private static Object result(Object value) {
    if (value instanceof String text) {
      try {
        return Json.parse(text);
      } catch (IllegalArgumentException notJson) {
        return text;
      }
    }
    return BsonValues.toJson(value);
  }

  private static String string(Document document, String key) {
    return document.get(key) instanceof String value ? value : null;
  }
}
