package org.rhythm.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Step;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;

/**
 * Rhythm and Python sharing one MongoDB (DESIGN.md §5, celery-wire.md §4.7): mongo-java-server runs
 * in this JVM on 127.0.0.1, and Debian's {@code /usr/bin/python3} with {@code python3-celery} and
 * {@code python3-pymongo} runs the scripts in {@code src/test/resources/python}, which exchange
 * JSON on stdout. One way, records Rhythm saves are read by Celery's {@code AsyncResult} and by
 * sca_rhythm's raw-document reader; the other way, documents written by Celery's own MongoDB
 * backend and by sca_rhythm's {@code insert_one} load through the store. Without that Python the
 * tests fail; they never skip.
 */
class PythonInteropIT {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Duration PYTHON_TIMEOUT = Duration.ofSeconds(30);
  private static final String DATABASE = "rhythm_interop";

  private static final Instant DONE = Instant.parse("2026-11-25T10:15:30.123456Z");
  private static final Instant DONE_ON_THE_SECOND = Instant.parse("2026-11-25T10:15:31Z");
  private static final String JAVA_TRACEBACK =
      "java.lang.IllegalStateException: disk full\n\tat org.example.Archive.run(Archive.java:42)\n";

  private static MongoServer server;
  private static String uri;
  private static MongoResultStore store;

  @BeforeAll
  static void startServer() {
    server = new MongoServer(new MemoryBackend());
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    store = new MongoResultStore(new MongoSettings(uri, DATABASE));
    store.start();
  }

  @AfterAll
  static void stopServer() {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  // Rhythm writes, Python reads.

  @Test
  void celeryAndScaRhythmReadASuccessWithAListResult() {
    TaskRecord record = record(TaskState.SUCCESS, List.of(42, List.of()), null, DONE);
    store.saveTask(record);

    Map<String, Object> read = readByPython(record.taskId());

    Map<String, Object> celery = object(read.get("celery"));
    assertThat(celery.get("state")).isEqualTo("SUCCESS");
    assertThat(celery.get("result")).isEqualTo(List.of(42L, List.of()));
    assertThat(celery.get("traceback")).isNull();
    assertThat(celery.get("date_done")).isEqualTo("2026-11-25T10:15:30.123456");
    assertThat(celery.get("ready")).isEqualTo(true);
    Map<String, Object> raw = object(read.get("sca_rhythm"));
    assertThat(raw.get("keys"))
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .contains("_id", "status", "result", "traceback", "children", "date_done");
    assertThat(raw.get("result")).isEqualTo(List.of(42L, List.of()));
    assertThat(raw.get("children")).isEqualTo(List.of());
    assertThat(raw.get("date_done")).isEqualTo("2026-11-25T10:15:30.123456");
    assertThat(raw.get("parent_id")).isNull();
    assertThat(raw.get("name")).isEqualTo("archive_dataset");
    assertThat(raw.get("args")).isEqualTo(List.of(42L));
    assertThat(raw.get("kwargs")).isEqualTo(Map.of("workflow_id", "wf-1", "step", "archive"));
    assertThat(raw.get("worker")).isEqualTo("rhythm@java-host");
    assertThat(raw.get("retries")).isEqualTo(0L);
    assertThat(raw.get("queue")).isEqualTo("app.example.q");
  }

  @Test
  void celeryAndScaRhythmReadAFailureOfAJavaException() {
    TaskFailure failure = TaskFailure.of(new IllegalStateException("disk full"));
    TaskRecord record = record(TaskState.FAILURE, failure.toJson(), JAVA_TRACEBACK, DONE);
    store.saveTask(record);

    Map<String, Object> read = readByPython(record.taskId());

    Map<String, Object> celery = object(read.get("celery"));
    assertThat(celery.get("state")).isEqualTo("FAILURE");
    assertThat(object(celery.get("result")))
        .containsEntry("type", "IllegalStateException")
        .containsEntry("args", List.of("disk full"));
    assertThat(celery.get("traceback")).isEqualTo(JAVA_TRACEBACK);
    assertThat(celery.get("date_done")).isEqualTo("2026-11-25T10:15:30.123456");
    Map<String, Object> raw = object(read.get("sca_rhythm"));
    assertThat(raw.get("result"))
        .isEqualTo(
            Map.of(
                "exc_type", "IllegalStateException",
                "exc_message", List.of("disk full"),
                "exc_module", "java.lang"));
    assertThat(raw.get("traceback")).isEqualTo(JAVA_TRACEBACK);
    assertThat(raw.get("date_done")).isEqualTo("2026-11-25T10:15:30.123456");
  }

  @Test
  void celeryAndScaRhythmReadARevocationDoneOnTheSecond() {
    TaskRecord record =
        record(TaskState.REVOKED, TaskFailure.terminated().toJson(), null, DONE_ON_THE_SECOND);
    store.saveTask(record);

    Map<String, Object> read = readByPython(record.taskId());

    Map<String, Object> celery = object(read.get("celery"));
    assertThat(celery.get("state")).isEqualTo("REVOKED");
    assertThat(object(celery.get("result")))
        .containsEntry("type", "TaskRevokedError")
        .containsEntry("module", "celery.exceptions")
        .containsEntry("args", List.of("terminated"));
    assertThat(celery.get("traceback")).isNull();
    assertThat(celery.get("ready")).isEqualTo(true);
    Map<String, Object> raw = object(read.get("sca_rhythm"));
    assertThat(raw.get("date_done_raw")).isEqualTo("2026-11-25T10:15:31.000000");
    assertThat(raw.get("date_done")).isEqualTo("2026-11-25T10:15:31.000000");
    assertThat(raw.get("result")).isEqualTo(TaskFailure.terminated().toJson());
  }

  @Test
  void celeryAndScaRhythmReadProgressWithTheInfiniteEta() {
    TaskRecord record = record(TaskState.STARTED, Map.of("progress", progress()), null, null);
    store.saveTask(record);

    Map<String, Object> read = readByPython(record.taskId());

    Map<String, Object> celery = object(read.get("celery"));
    assertThat(celery.get("state")).isEqualTo("STARTED");
    assertThat(celery.get("info")).isEqualTo(Map.of("progress", progress()));
    assertThat(celery.get("traceback")).isNull();
    assertThat(celery.get("date_done")).isNull();
    assertThat(celery.get("ready")).isEqualTo(false);
    Map<String, Object> raw = object(read.get("sca_rhythm"));
    assertThat(raw.get("result")).isEqualTo(Map.of("progress", progress()));
    assertThat(raw.get("eta_is_sentinel")).isEqualTo(true);
    assertThat(raw.get("date_done_raw")).isNull();
  }

  @Test
  void celeryReadsARetryWithItsException() {
    TaskFailure failure = new TaskFailure("TimeoutError", List.of("slow disk"), "builtins");
    TaskRecord record = record(TaskState.RETRY, failure.toJson(), JAVA_TRACEBACK, null);
    store.saveTask(record);

    Map<String, Object> read = readByPython(record.taskId());

    Map<String, Object> celery = object(read.get("celery"));
    assertThat(celery.get("state")).isEqualTo("RETRY");
    assertThat(object(celery.get("result")))
        .containsEntry("type", "TimeoutError")
        .containsEntry("module", "builtins")
        .containsEntry("args", List.of("slow disk"));
    assertThat(celery.get("traceback")).isEqualTo(JAVA_TRACEBACK);
    assertThat(celery.get("date_done")).isNull();
    assertThat(celery.get("ready")).isEqualTo(false);
  }

  // Python writes, Rhythm reads.

  @Test
  void aSuccessStoredByCeleryLoadsWithItsExtendedFields() {
    TaskId id = newTaskId();
    Map<String, Object> stored = writeTasksByCelery(Map.of("success", id.value()));

    TaskRecords records = store.tasks(List.of(id));

    assertThat(records.find(id))
        .contains(
            celeryRecord(
                id,
                TaskState.SUCCESS,
                List.of(42L, List.of()),
                null,
                dateDone(stored, id),
                null,
                "archive_dataset"));
  }

  @Test
  void aSuccessStoredByCeleryOnTheSecondLoadsItsDateWithoutMicroseconds() {
    TaskId id = newTaskId();
    Map<String, Object> stored = writeTasksByCelery(Map.of("success_on_the_second", id.value()));

    TaskRecords records = store.tasks(List.of(id));

    assertThat((String) object(stored.get(id.value())).get("date_done")).doesNotContain(".");
    assertThat(records.find(id).map(TaskRecord::dateDone)).contains(dateDone(stored, id));
  }

  @Test
  void aFailureStoredByCeleryLoadsWithItsExceptionTracebackAndParent() {
    TaskId id = newTaskId();
    String parent = newTaskId().value();
    Map<String, Object> stored =
        writeTasksByCelery(Map.of("failure", id.value(), "parent", parent));

    TaskRecords records = store.tasks(List.of(id));

    TaskRecord record = records.find(id).orElseThrow();
    assertThat(record.traceback())
        .startsWith("Traceback (most recent call last):")
        .contains("ValueError: ('boom', 7)");
    assertThat(record)
        .isEqualTo(
            celeryRecord(
                id,
                TaskState.FAILURE,
                new TaskFailure("ValueError", List.of("boom", 7L), "builtins").toJson(),
                record.traceback(),
                dateDone(stored, id),
                parent,
                "validate_dataset"));
  }

  @Test
  void aRevocationStoredByCeleryLoads() {
    TaskId id = newTaskId();
    Map<String, Object> stored = writeTasksByCelery(Map.of("revoked", id.value()));

    TaskRecords records = store.tasks(List.of(id));

    assertThat(records.find(id))
        .contains(
            celeryRecord(
                id,
                TaskState.REVOKED,
                TaskFailure.terminated().toJson(),
                null,
                dateDone(stored, id),
                null,
                "stage_dataset"));
  }

  @Test
  void progressStoredByCeleryLoadsWithTheInfiniteEta() {
    TaskId id = newTaskId();
    Map<String, Object> stored = writeTasksByCelery(Map.of("started", id.value()));

    TaskRecords records = store.tasks(List.of(id));

    assertThat(object(stored.get(id.value())).get("date_done")).isNull();
    assertThat(records.find(id))
        .contains(
            celeryRecord(
                id,
                TaskState.STARTED,
                Map.of("progress", progress()),
                null,
                null,
                null,
                "inspect_dataset"));
  }

  @Test
  void aWorkflowInsertedByScaRhythmLoadsWithItsStepsRunsAndDates() {
    TaskId done = newTaskId();
    TaskId running = newTaskId();
    writeTasksByCelery(Map.of("success", done.value(), "started", running.value()));
    WorkflowId id = WorkflowId.of(UUID.randomUUID().toString());
    Map<String, Object> stored = writeWorkflowsByScaRhythm(id, newWorkflowId(), done, running);
    Map<String, Object> document = object(stored.get(id.value()));
    List<Map<String, Object>> steps = objects(document.get("steps"));

    Workflow found = store.find(id).orElseThrow();
    TaskRecords records = store.tasks(found.taskIds());

    assertThat(found)
        .isEqualTo(
            new Workflow(
                id,
                "integrated",
                "app.example",
                null,
                instant(document.get("created_at")),
                instant(document.get("updated_at")),
                List.of(
                    new Step(
                        "inspect",
                        "inspect_dataset",
                        "app.example.q",
                        null,
                        null,
                        List.of(new TaskRun(done, firstRunStart(steps.get(0)))),
                        null,
                        null),
                    new Step(
                        "archive",
                        "archive_dataset",
                        "app.example.q",
                        5,
                        Map.of("depth", 2L),
                        List.of(new TaskRun(running, firstRunStart(steps.get(1)))),
                        null,
                        null),
                    new Step(
                        "stage",
                        "stage_dataset",
                        "app.example.q",
                        null,
                        null,
                        List.of(),
                        null,
                        null)),
                WorkflowStatus.STARTED,
                null,
                null,
                null,
                null));
    assertThat(found.stepStatus(0, records)).isEqualTo(TaskState.SUCCESS);
    assertThat(found.stepStatus(1, records)).isEqualTo(TaskState.STARTED);
    assertThat(found.status(records)).isEqualTo(WorkflowStatus.STARTED);
    assertThat(found.stepsDone(records)).isEqualTo(1);
  }

  @Test
  void aLegacyWorkflowWithFieldsMissingLoads() {
    TaskId failed = newTaskId();
    writeTasksByCelery(Map.of("failure", failed.value(), "parent", newTaskId().value()));
    WorkflowId id = WorkflowId.of(UUID.randomUUID().toString());
    Map<String, Object> stored =
        writeWorkflowsByScaRhythm(newWorkflowId(), id, newTaskId(), newTaskId(), failed);
    Map<String, Object> document = object(stored.get(id.value()));
    List<Map<String, Object>> steps = objects(document.get("steps"));

    Workflow found = store.find(id).orElseThrow();
    TaskRecords records = store.tasks(found.taskIds());

    assertThat(found)
        .isEqualTo(
            new Workflow(
                id,
                null,
                null,
                null,
                instant(document.get("created_at")),
                null,
                List.of(
                    new Step(
                        "validate",
                        "validate_dataset",
                        "celery",
                        null,
                        null,
                        List.of(new TaskRun(failed, firstRunStart(steps.get(0)))),
                        null,
                        null),
                    new Step(
                        "archive", "archive_dataset", "celery", null, null, List.of(), null, null)),
                null,
                null,
                null,
                null,
                null));
    assertThat(found.status(records)).isEqualTo(WorkflowStatus.FAILURE);
    assertThat(found.stepsDone(records)).isZero();
  }

  private static TaskRecord record(
      TaskState state, Object result, String traceback, Instant dateDone) {
    return new TaskRecord(
        newTaskId(),
        state,
        result,
        traceback,
        dateDone,
        null,
        "archive_dataset",
        List.of(42),
        Map.of("workflow_id", "wf-1", "step", "archive"),
        "rhythm@java-host",
        0,
        "app.example.q");
  }

  /** The record of what write_tasks.py stores: its request's extended fields. */
  private static TaskRecord celeryRecord(
      TaskId id,
      TaskState state,
      Object result,
      String traceback,
      Instant dateDone,
      String parentId,
      String name) {
    return new TaskRecord(
        id,
        state,
        result,
        traceback,
        dateDone,
        parentId,
        name,
        List.of(42L),
        Map.of("workflow_id", "wf", "step", "archive", "app_id", "app.example"),
        "w1@py-host",
        1,
        "py.q");
  }

  /** sca_rhythm's Progress.update() shape with an unknown total: the 1e100 ETA sentinel. */
  private static Map<String, Object> progress() {
    Map<String, Object> progress = new LinkedHashMap<>();
    progress.put("name", "tar");
    progress.put("fraction_done", null);
    progress.put("done", 123456.0);
    progress.put("total", null);
    progress.put("units", "bytes");
    progress.put("time_remaining_sec", 1e100);
    progress.put("wt_avg_rate", null);
    progress.put("avg_rate", null);
    return progress;
  }

  private static Map<String, Object> readByPython(TaskId id) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("backend", backendUrl());
    input.put("ids", List.of(id.value()));
    return object(object(python("read_tasks.py", input)).get(id.value()));
  }

  private static Map<String, Object> writeTasksByCelery(Map<String, String> ids) {
    Map<String, Object> input = new LinkedHashMap<>(ids);
    input.put("backend", backendUrl());
    input.putIfAbsent("parent", newTaskId().value());
    return object(python("write_tasks.py", input));
  }

  private static Map<String, Object> writeWorkflowsByScaRhythm(
      WorkflowId current, WorkflowId legacy, TaskId firstRun, TaskId secondRun) {
    return writeWorkflowsByScaRhythm(current, legacy, firstRun, secondRun, newTaskId());
  }

  private static Map<String, Object> writeWorkflowsByScaRhythm(
      WorkflowId current, WorkflowId legacy, TaskId firstRun, TaskId secondRun, TaskId legacyRun) {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("uri", uri);
    input.put("db", DATABASE);
    input.put("current", current.value());
    input.put("legacy", legacy.value());
    input.put("runs", List.of(firstRun.value(), secondRun.value()));
    input.put("legacy_run", legacyRun.value());
    return object(python("write_workflows.py", input));
  }

  private static String backendUrl() {
    return uri + "/" + DATABASE;
  }

  /**
   * Runs one script of src/test/resources/python with Debian's interpreter, isolated from the
   * environment's PYTHON* variables and user site, and parses the JSON it prints.
   */
  private static Object python(String script, Object input) {
    try {
      Path output = Files.createTempFile("python-interop", ".out");
      Path errors = Files.createTempFile("python-interop", ".err");
      try {
        Process process =
            new ProcessBuilder(PYTHON, "-I", "-B", script(script).toString(), Json.write(input))
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        boolean exited = process.waitFor(PYTHON_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
          process.destroyForcibly();
        }
        String stderr = Files.readString(errors, StandardCharsets.UTF_8);
        assertThat(exited)
            .as("%s finished within %s; stderr:%n%s", script, PYTHON_TIMEOUT, stderr)
            .isTrue();
        assertThat(process.exitValue()).as("%s exit status; stderr:%n%s", script, stderr).isZero();
        return Json.parse(Files.readString(output, StandardCharsets.UTF_8).strip());
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + PYTHON + " " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while " + script + " ran", e);
    }
  }

  private static Path script(String name) {
    URL resource = PythonInteropIT.class.getResource("/python/" + name);
    assertThat(resource).as("test resource python/%s", name).isNotNull();
    try {
      return Path.of(resource.toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** The instant of a date_done Celery wrote: naive UTC, with or without microseconds. */
  private static Instant dateDone(Map<String, Object> stored, TaskId id) {
    Object text = object(stored.get(id.value())).get("date_done");
    assertThat(text).as("date_done of %s", id).isInstanceOf(String.class);
    return LocalDateTime.parse((String) text).toInstant(ZoneOffset.UTC);
  }

  private static Instant firstRunStart(Map<String, Object> step) {
    return instant(objects(step.get("task_runs")).get(0).get("date_start"));
  }

  private static Instant instant(Object text) {
    return Instant.parse((String) text);
  }

  private static TaskId newTaskId() {
    return TaskId.of(UUID.randomUUID().toString());
  }

  private static WorkflowId newWorkflowId() {
    return WorkflowId.of(UUID.randomUUID().toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static List<Map<String, Object>> objects(Object value) {
    assertThat(value).isInstanceOf(List.class);
    List<Map<String, Object>> objects = new ArrayList<>();
    ((List<?>) value).forEach(element -> objects.add(object(element)));
    return objects;
  }
}
