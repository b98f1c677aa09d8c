package org.rhythm.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.Step;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.testkit.fixture.Workflows;

/**
 * {@link WorkflowDocuments} against the {@code workflow_meta} documents of rhythm-api-contract.md
 * §1.5, both directions.
 */
class WorkflowDocumentsTest {
  private static final String ID = "5b0fd4a8-4e2d-4a5a-9d6c-3e7c1a2b9f00";
  private static final String RUN = "0c4d4c8e-1e1b-4a1f-8f5e-92b5c7d1e2a3";

  /** A document as the REST service creates it and sca_rhythm's hooks update it. */
  private static final String SCA_RHYTHM =
      """
      {"_id": "%s",
       "created_at": {"$date": "2024-01-05T14:03:22.123Z"},
       "steps": [
         {"name": "inspect", "task": "inspect_dataset", "queue": "bioloop-dev.sca.iu.edu.q",
          "kwargs": null, "priority": 5,
          "task_runs": [{"date_start": {"$date": "2024-01-05T14:03:23.456Z"}, "task_id": "%s"}]},
         {"name": "archive", "task": "archive_dataset", "queue": "bioloop-dev.sca.iu.edu.q",
          "kwargs": {"level": 3, "deep": {"on": true, "ratio": 0.5}}, "task_runs": []}],
       "name": "integrated",
       "app_id": "bioloop-dev.sca.iu.edu",
       "description": null,
       "_status": "STARTED",
       "updated_at": {"$date": "2024-01-05T14:03:23.500Z"},
       "resume_lock": {"$date": "2024-01-05T14:03:20Z"}}
      """
          .formatted(ID, RUN);

  /** A document from 2023-02, before app_id, name, _status and description existed. */
  private static final String LEGACY =
      """
      {"_id": "%s",
       "created_at": {"$date": "2023-02-02T21:22:41.094Z"},
       "steps": [{"name": "inspect", "task": "scaworkers.workers.inspect.inspect_dataset"},
                 {"name": "archive", "task": "archive_dataset", "priority": 15},
                 {"name": "stage", "task": "stage_dataset", "priority": -2, "task_runs": null}]}
      """
          .formatted(ID);

  @Test
  void readsADocumentOfScaRhythm() {
    Document document = Document.parse(SCA_RHYTHM);

    Workflow workflow = WorkflowDocuments.fromDocument(document);

    assertThat(workflow)
        .isEqualTo(
            new Workflow(
                WorkflowId.of(ID),
                "integrated",
                "bioloop-dev.sca.iu.edu",
                null,
                Instant.parse("2024-01-05T14:03:22.123Z"),
                Instant.parse("2024-01-05T14:03:23.500Z"),
                List.of(
                    new Step(
                        "inspect",
                        "inspect_dataset",
                        "bioloop-dev.sca.iu.edu.q",
                        5,
                        null,
                        List.of(
                            new TaskRun(TaskId.of(RUN), Instant.parse("2024-01-05T14:03:23.456Z"))),
                        null,
                        null),
                    new Step(
                        "archive",
                        "archive_dataset",
                        "bioloop-dev.sca.iu.edu.q",
                        null,
                        Map.of("level", 3L, "deep", Map.of("on", true, "ratio", 0.5)),
                        List.of(),
                        null,
                        null)),
                WorkflowStatus.STARTED,
                Instant.parse("2024-01-05T14:03:20Z"),
                null,
                null,
                null));
  }

  @Test
  void writesADocumentOfScaRhythmBackWithTheSameFieldsAndTypes() {
    Document document = Document.parse(SCA_RHYTHM);

    Document written = WorkflowDocuments.toDocument(WorkflowDocuments.fromDocument(document));

    assertThat(written).isEqualTo(document);
    assertThat(written.keySet()).containsExactlyElementsOf(document.keySet());
    assertThat(written.getList("steps", Document.class).get(0).keySet())
        .containsExactly("name", "task", "queue", "kwargs", "priority", "task_runs");
  }

  @Test
  void readsALegacyDocumentWithMissingFieldsAsNullAndClampsPriorities() {
    Document document = Document.parse(LEGACY);

    Workflow workflow = WorkflowDocuments.fromDocument(document);

    assertThat(workflow.name()).isNull();
    assertThat(workflow.appId()).isNull();
    assertThat(workflow.description()).isNull();
    assertThat(workflow.storedStatus()).isNull();
    assertThat(workflow.updatedAt()).isNull();
    assertThat(workflow.resumeLock()).isNull();
    assertThat(workflow.steps())
        .extracting(Step::queue, Step::kwargs, Step::priority, Step::taskRuns)
        .containsExactly(
            tuple(null, null, null, List.of()),
            tuple(null, null, 9, List.of()),
            tuple(null, null, 0, List.of()));
  }

  @Test
  void writesTheFieldsOfANewWorkflowAsScaRhythmDoes() {
    Workflow workflow = Workflows.withSteps(2);

    Document document = WorkflowDocuments.toDocument(workflow);

    assertThat(document.keySet())
        .containsExactly(
            "_id",
            "created_at",
            "steps",
            "name",
            "app_id",
            "description",
            "_status",
            "resume_lock");
    assertThat(document.get("created_at")).isEqualTo(Date.from(Workflows.CREATED_AT));
    assertThat(document.get("_status")).isEqualTo("PENDING");
    assertThat(document.containsKey("resume_lock")).isTrue();
    assertThat(document.get("resume_lock")).isNull();
    assertThat(document.getList("steps", Document.class).get(0))
        .isEqualTo(
            new Document("name", "step 1")
                .append("task", "task_1")
                .append("queue", Workflows.DEFAULT_QUEUE)
                .append("kwargs", null)
                .append("task_runs", List.of()));
  }

  @Test
  void writesRhythmsAdditionsInSnakeCaseWithNativeTypes() {
    Workflow workflow = Workflows.withEveryField();

    Document document = WorkflowDocuments.toDocument(workflow);

    Document step = document.getList("steps", Document.class).get(0);
    assertThat(step.get("dispatch", Document.class).keySet())
        .containsExactly("task_id", "args", "kwargs", "priority", "sent_at", "cause", "held");
    assertThat(step.get("dispatch", Document.class).get("sent_at")).isInstanceOf(Date.class);
    assertThat(step.get("dispatch", Document.class).get("priority")).isEqualTo(5);
    assertThat(step.get("dispatch", Document.class).get("kwargs")).isInstanceOf(Document.class);
    assertThat(step.get("heartbeat", Document.class).keySet()).containsExactly("task_id", "at");
    assertThat(document.get("paused_at")).isInstanceOf(Date.class);
    assertThat(document.get("start_args")).isInstanceOf(List.class);
    assertThat(document.get("start_kwargs")).isInstanceOf(Document.class);
  }

  @Test
  void aLeasedHeartbeatIsMarkedAndComesBackLeased() {
    Workflow workflow = Workflows.withEveryField();
    Heartbeat leased = new Heartbeat(TaskId.of("leased-task"), Workflows.CREATED_AT, true);
    Workflow withLease = new Change.SetHeartbeat(0, leased).applyTo(workflow);

    Document document = WorkflowDocuments.toDocument(withLease);

    assertThat(document.getList("steps", Document.class).get(0).get("heartbeat", Document.class))
        .containsEntry("leased", true);
    assertThat(WorkflowDocuments.fromDocument(document).step(0).heartbeat()).isEqualTo(leased);
  }

  @Test
  void aWorkflowWithEveryFieldComesBackEqual() {
    Workflow workflow = Workflows.withEveryField();

    Workflow read = WorkflowDocuments.fromDocument(WorkflowDocuments.toDocument(workflow));

    assertThat(read).isEqualTo(workflow);
  }

  @Test
  void aWorkflowWithNoOptionalFieldsComesBackEqual() {
    Workflow workflow = Workflows.withNoOptionalFields();

    Workflow read = WorkflowDocuments.fromDocument(WorkflowDocuments.toDocument(workflow));

    assertThat(read).isEqualTo(workflow);
  }

  @Test
  void jsonValuesBecomeNativeBsonWithIntegersAsPymongoWritesThem() {
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("small", 7L);
    kwargs.put("big", 1L << 40);
    kwargs.put("list", List.of(1L, 2.5, "x", Map.of("k", false)));
    Workflow workflow = withKwargs(kwargs);

    Document step = WorkflowDocuments.toDocument(workflow).getList("steps", Document.class).get(0);

    assertThat(step.get("kwargs"))
        .isEqualTo(
            new Document("small", 7)
                .append("big", 1L << 40)
                .append("list", List.of(1, 2.5, "x", new Document("k", false))));
  }

  @Test
  void bsonNumbersOfEveryWidthReadAsTheCanonicalJsonTypes() {
    Document document = Document.parse(SCA_RHYTHM);
    document
        .getList("steps", Document.class)
        .get(0)
        .put("kwargs", new Document("int32", 1).append("int64", 2L).append("double", 3.0));

    Workflow workflow = WorkflowDocuments.fromDocument(document);

    assertThat(workflow.step(0).kwargs())
        .isEqualTo(Map.of("int32", 1L, "int64", 2L, "double", 3.0));
  }

  @Test
  void instantsKeepWholeMillisecondsOnly() {
    Instant precise = Instant.parse("2024-01-05T14:03:22.123456789Z");
    Workflow workflow = Workflow.create(Workflows.newId(), Workflows.spec(1), "q", precise);

    Workflow read = WorkflowDocuments.fromDocument(WorkflowDocuments.toDocument(workflow));

    assertThat(read.createdAt()).isEqualTo(Instant.parse("2024-01-05T14:03:22.123Z"));
  }

  @Test
  void aStepWithoutATaskIsRefusedNamingTheDocumentAndTheField() {
    Document document = Document.parse(LEGACY);
    document.getList("steps", Document.class).get(1).remove("task");

    assertThatThrownBy(() -> WorkflowDocuments.fromDocument(document))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workflow_meta " + ID + ": steps[1]: task is not a string");
  }

  @Test
  void aDocumentWithoutStepsIsRefused() {
    Document document = new Document("_id", ID);

    assertThatThrownBy(() -> WorkflowDocuments.fromDocument(document))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workflow_meta " + ID + " has no steps");
  }

  private static Workflow withKwargs(Map<String, Object> kwargs) {
    Workflow workflow = Workflows.withSteps(1);
    Step step = workflow.step(0);
    return new Workflow(
        workflow.id(),
        workflow.name(),
        workflow.appId(),
        workflow.description(),
        workflow.createdAt(),
        workflow.updatedAt(),
        List.of(
            new Step(step.name(), step.task(), step.queue(), null, kwargs, List.of(), null, null)),
        workflow.storedStatus(),
        null,
        null,
        null,
        null);
  }
}
