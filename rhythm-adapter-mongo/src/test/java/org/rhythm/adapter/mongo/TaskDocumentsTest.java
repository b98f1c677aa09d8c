package org.rhythm.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.testkit.fixture.Tasks;

/**
 * {@link TaskDocuments} against the {@code celery_taskmeta} documents Celery 5.2 wrote in
 * celery-wire.md §4.2–4.6, both directions.
 */
class TaskDocumentsTest {
  private static final String STARTED =
      """
      {"_id": "04351302-768f-4151-bc8f-bbda7489a69c", "status": "STARTED",
       "result": "{\\"pid\\": 19388, \\"hostname\\": \\"w1@vm\\"}",
       "traceback": null, "children": [], "date_done": null}
      """;

  private static final String PROGRESS =
      """
      {"_id": "180df258-3fd1-4086-9415-abb385634872", "status": "STARTED",
       "result": "{\\"progress\\": {\\"name\\": \\"step\\", \\"done\\": 1, \\"total\\": 30, \\"units\\": \\"items\\"}}",
       "traceback": null, "children": [], "date_done": null,
       "name": "tasks.slow", "args": [], "kwargs": {"n": 30, "delay": 1.0}, "worker": "w2@vm",
       "retries": 0, "queue": "q1"}
      """;

  private static final String SUCCESS =
      """
      {"_id": "a35a6cfb-ce09-4e20-8a0a-e2416c37c765", "status": "SUCCESS", "result": "5",
       "traceback": null, "children": [], "date_done": "2026-11-24T11:16:24.211960",
       "name": "tasks.add", "args": [2, 3], "kwargs": {"z": 4}, "worker": "w2@vm", "retries": 0,
       "queue": "q1"}
      """;

  private static final String CHILD =
      """
      {"_id": "6e09884e-80a7-48d4-a070-0980bd6ea889", "status": "SUCCESS", "result": "8",
       "traceback": null, "children": [], "date_done": "2026-11-24T11:16:24.230792",
       "parent_id": "d178fbca-7f89-4663-972e-e2b78bc73113",
       "name": "tasks.add", "args": [7, 1], "kwargs": {}, "worker": "w2@vm", "retries": 0,
       "queue": "q1"}
      """;

  private static final String UNICODE =
      """
      {"_id": "72af192d-0000-4000-8000-000000000000", "status": "SUCCESS",
       "result": "{\\"a\\": 1, \\"b\\": [1, 2.5, null, true], \\"c\\": \\"\\\\u00e9\\"}",
       "traceback": null, "children": [], "date_done": "2026-11-24T11:16:24.211960",
       "name": "tasks.dict", "args": [], "kwargs": {}, "worker": "w2@vm", "retries": 0,
       "queue": "q1"}
      """;

  private static final String FAILURE =
      """
      {"_id": "d169595b-4348-44c5-a422-ebf6a377918c", "status": "FAILURE",
       "result": "{\\"exc_type\\": \\"ValueError\\", \\"exc_message\\": [\\"boom\\"], \\"exc_module\\": \\"builtins\\"}",
       "traceback": "Traceback (most recent call last):\\nValueError: boom\\n",
       "children": [], "date_done": "2026-11-24T11:16:24.208600",
       "name": "tasks.fail", "args": ["boom"], "kwargs": {}, "worker": "w2@vm", "retries": 0,
       "queue": "q1"}
      """;

  private static final String REVOKED =
      """
      {"_id": "180df258-3fd1-4086-9415-abb385634872", "status": "REVOKED",
       "result": "{\\"exc_type\\": \\"TaskRevokedError\\", \\"exc_message\\": [\\"terminated\\"], \\"exc_module\\": \\"celery.exceptions\\"}",
       "traceback": null, "children": [], "date_done": "2026-11-24T11:16:28.223703",
       "name": "tasks.slow", "args": [], "kwargs": {"n": 30, "delay": 1.0}, "worker": "w2@vm",
       "retries": 0, "queue": "q1"}
      """;

  private static final String NOT_REGISTERED =
      """
      {"_id": "dbd1a3ed-0000-4000-8000-000000000000", "status": "FAILURE",
       "result": "{\\"exc_type\\": \\"NotRegistered\\", \\"exc_message\\": [\\"tasks.nope\\"], \\"exc_module\\": \\"celery.exceptions\\"}",
       "traceback": null, "children": [], "date_done": "2026-11-24T11:17:34.660575",
       "name": null, "args": null, "kwargs": null, "worker": null, "retries": null, "queue": null}
      """;

  private static final String RETRY =
      """
      {"_id": "8ccfefc3-0000-4000-8000-000000000000", "status": "RETRY",
       "result": "{\\"exc_type\\": \\"RuntimeError\\", \\"exc_message\\": [\\"transient a\\"], \\"exc_module\\": \\"builtins\\"}",
       "traceback": "Traceback ... celery.exceptions.Retry: Retry in 1s: RuntimeError('transient a')\\n",
       "children": [[["8ccfefc3-0000-4000-8000-000000000000", null], null]], "date_done": null,
       "name": "tasks.flaky", "args": ["a"], "kwargs": {}, "worker": "w2@vm", "retries": 0,
       "queue": "q1"}
      """;

  /** result_extended=False: only the five core fields. */
  private static final String NOT_EXTENDED =
      """
      {"_id": "66254d45-0cab-4c1d-b5cc-ba78758052ce", "status": "SUCCESS", "result": "5",
       "traceback": null, "children": [], "date_done": "2026-11-24T11:14:55.372946"}
      """;

  static Stream<String> writtenWithResultExtendedAndNoChildren() {
    return Stream.of(PROGRESS, SUCCESS, CHILD, UNICODE, FAILURE, REVOKED, NOT_REGISTERED);
  }

  @Test
  void readsAStartedRecord() {
    TaskRecord record = TaskDocuments.fromDocument(Document.parse(STARTED));

    assertThat(record)
        .isEqualTo(
            new TaskRecord(
                TaskId.of("04351302-768f-4151-bc8f-bbda7489a69c"),
                TaskState.STARTED,
                Map.of("pid", 19388L, "hostname", "w1@vm"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
  }

  @Test
  void readsAProgressRecordWithTheExtendedFields() {
    TaskRecord record = TaskDocuments.fromDocument(Document.parse(PROGRESS));

    assertThat(record)
        .isEqualTo(
            new TaskRecord(
                TaskId.of("180df258-3fd1-4086-9415-abb385634872"),
                TaskState.STARTED,
                Map.of(
                    "progress", Map.of("name", "step", "done", 1L, "total", 30L, "units", "items")),
                null,
                null,
                null,
                "tasks.slow",
                List.of(),
                Map.of("n", 30L, "delay", 1.0),
                "w2@vm",
                0,
                "q1"));
  }

  @Test
  void readsASuccessRecordOfAChildTask() {
    TaskRecord record = TaskDocuments.fromDocument(Document.parse(CHILD));

    assertThat(record)
        .isEqualTo(
            new TaskRecord(
                TaskId.of("6e09884e-80a7-48d4-a070-0980bd6ea889"),
                TaskState.SUCCESS,
                8L,
                null,
                Instant.parse("2026-11-24T11:16:24.230792Z"),
                "d178fbca-7f89-4663-972e-e2b78bc73113",
                "tasks.add",
                List.of(7L, 1L),
                Map.of(),
                "w2@vm",
                0,
                "q1"));
  }

  @Test
  void readsAFailureRecordWithCeleryExceptionShape() {
    TaskRecord record = TaskDocuments.fromDocument(Document.parse(FAILURE));

    assertThat(record.state()).isEqualTo(TaskState.FAILURE);
    assertThat(record.result())
        .isEqualTo(new TaskFailure("ValueError", List.of("boom"), "builtins").toJson());
    assertThat(record.traceback())
        .isEqualTo("Traceback (most recent call last):\nValueError: boom\n");
    assertThat(record.dateDone()).isEqualTo(Instant.parse("2026-11-24T11:16:24.208600Z"));
  }

  @Test
  void readsARevokedRecordAsCeleryWritesATerminatedTask() {
    TaskRecord record = TaskDocuments.fromDocument(Document.parse(REVOKED));

    assertThat(record.state()).isEqualTo(TaskState.REVOKED);
    assertThat(record.result()).isEqualTo(TaskFailure.terminated().toJson());
  }

  @Test
  void readsANotRegisteredRecordWhoseExtendedFieldsAreNull() {
    TaskRecord record = TaskDocuments.fromDocument(Document.parse(NOT_REGISTERED));

    assertThat(record.result()).isEqualTo(TaskFailure.notRegistered("tasks.nope").toJson());
    assertThat(record)
        .extracting(
            TaskRecord::name,
            TaskRecord::args,
            TaskRecord::kwargs,
            TaskRecord::worker,
            TaskRecord::retries,
            TaskRecord::queue)
        .containsOnlyNulls();
  }

  @Test
  void readsARecordWrittenWithoutResultExtended() {
    TaskRecord record = TaskDocuments.fromDocument(Document.parse(NOT_EXTENDED));

    assertThat(record)
        .isEqualTo(
            new TaskRecord(
                TaskId.of("66254d45-0cab-4c1d-b5cc-ba78758052ce"),
                TaskState.SUCCESS,
                5L,
                null,
                Instant.parse("2026-11-24T11:14:55.372946Z"),
                null,
                null,
                null,
                null,
                null,
                null,
                null));
  }

  @ParameterizedTest
  @MethodSource("writtenWithResultExtendedAndNoChildren")
  void writesCelerysDocumentBackWithTheSameFieldsTypesAndOrder(String json) {
    Document document = Document.parse(json);

    Document written = TaskDocuments.toDocument(TaskDocuments.fromDocument(document));

    assertThat(written).isEqualTo(document);
    assertThat(written.keySet()).containsExactlyElementsOf(document.keySet());
  }

  @Test
  void writesARetryRecordBackExceptItsChildren() {
    Document document = Document.parse(RETRY);

    Document written = TaskDocuments.toDocument(TaskDocuments.fromDocument(document));

    assertThat(written.get("children")).isEqualTo(List.of());
    document.put("children", List.of());
    assertThat(written).isEqualTo(document);
  }

  @Test
  void writesTheResultAsJsonTextAsKombuDoes() {
    TaskRecord record =
        Tasks.running(Tasks.newId())
            .moveTo(
                TaskState.SUCCESS,
                List.of(Map.of("c", "\u00e9"), 2.5, "x"),
                null,
                Instant.parse("2026-11-24T11:16:24Z"));

    Document document = TaskDocuments.toDocument(record);

    assertThat(document.get("result")).isEqualTo("[{\"c\": \"\\u00e9\"}, 2.5, \"x\"]");
  }

  @Test
  void writesANullResultAsTheTextNull() {
    TaskRecord record = Tasks.running(Tasks.newId());

    Document document = TaskDocuments.toDocument(record);

    assertThat(document.get("result")).isEqualTo("null");
    assertThat(document.containsKey("date_done")).isTrue();
    assertThat(document.get("date_done")).isNull();
    assertThat(document.containsKey("parent_id")).isFalse();
  }

  @Test
  void writesDateDoneWithSixFractionalDigitsEvenWhenTheyAreZero() {
    TaskRecord record =
        Tasks.running(Tasks.newId())
            .moveTo(TaskState.SUCCESS, List.of(), null, Instant.parse("2026-11-24T11:16:24Z"));

    Document document = TaskDocuments.toDocument(record);

    assertThat(document.get("date_done")).isEqualTo("2026-11-24T11:16:24.000000");
  }

  @Test
  void readsDateDoneWithoutAFractionAsPythonSometimesWritesIt() {
    Document document = Document.parse(NOT_EXTENDED).append("date_done", "2026-11-24T11:14:55");

    TaskRecord record = TaskDocuments.fromDocument(document);

    assertThat(record.dateDone()).isEqualTo(Instant.parse("2026-11-24T11:14:55Z"));
  }

  @Test
  void readsDateDoneStoredAsABsonDate() {
    Date date = Date.from(Instant.parse("2026-11-24T11:14:55.123Z"));
    Document document = Document.parse(NOT_EXTENDED).append("date_done", date);

    TaskRecord record = TaskDocuments.fromDocument(document);

    assertThat(record.dateDone()).isEqualTo(Instant.parse("2026-11-24T11:14:55.123Z"));
  }

  @Test
  void keepsAResultThatIsNotJsonAsItsText() {
    Document document = Document.parse(NOT_EXTENDED).append("result", "not json {");

    TaskRecord record = TaskDocuments.fromDocument(document);

    assertThat(record.result()).isEqualTo("not json {");
  }

  @Test
  void readsMissingFieldsAsNullAndAMissingStatusAsPending() {
    Document document = new Document("_id", "bare");

    TaskRecord record = TaskDocuments.fromDocument(document);

    assertThat(record).isEqualTo(Tasks.withNoOptionalFields(TaskId.of("bare")));
  }

  @Test
  void aRecordWithEveryFieldComesBackEqual() {
    TaskRecord record = Tasks.withEveryField(Tasks.newId());

    TaskRecord read = TaskDocuments.fromDocument(TaskDocuments.toDocument(record));

    assertThat(read).isEqualTo(record);
  }

  @Test
  void theStatesThatRefuseAreThoseThatMayNotMoveToTheNewState() {
    List<TaskState> next =
        List.of(
            TaskState.PENDING,
            TaskState.RECEIVED,
            TaskState.STARTED,
            TaskState.RETRY,
            TaskState.SUCCESS,
            TaskState.FAILURE,
            TaskState.REVOKED,
            Tasks.CUSTOM);
    List<String> mismatches = new ArrayList<>();

    for (TaskState to : next) {
      List<String> refusing = TaskDocuments.statesThatRefuse(to);
      for (TaskState.Known from : TaskState.Known.values()) {
        boolean refuses = !TaskState.of(from.name()).canMoveTo(to);
        if (refuses != refusing.contains(from.name())) {
          mismatches.add(from + " -> " + to);
        }
      }
    }

    assertThat(mismatches).isEmpty();
    assertThat(TaskDocuments.statesThatRefuse(Tasks.CUSTOM))
        .containsExactly("SUCCESS", "FAILURE", "REVOKED");
  }
}
