package org.rhythm.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.Guard;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.testkit.contract.ResultStoreContract;
import org.rhythm.testkit.fixture.Tasks;

/**
 * The {@link ResultStoreContract} on MongoDB, and the documents shared with sca_rhythm and Celery:
 * written by them and read by the store, written by the store in their shape.
 */
class MongoResultStoreIT extends ResultStoreContract {
  @RegisterExtension static final MongoTestServer MONGO = new MongoTestServer();

  private static final Instant LATER = Instant.parse("2024-01-05T15:00:00Z");

  @Override
  protected ResultStore store() {
    return MONGO.resultStore();
  }

  @Test
  void findsAWorkflowWrittenByScaRhythm() {
    String id = UUID.randomUUID().toString();
    workflows().insertOne(scaRhythmWorkflow(id));

    Workflow found = store().find(WorkflowId.of(id)).orElseThrow();

    assertThat(found.name()).isEqualTo("integrated");
    assertThat(found.step(0).taskRuns()).hasSize(1);
    assertThat(found.step(1).kwargs()).isNull();
  }

  @Test
  void aTransitionChangesOnlyTheFieldsItNamesAndKeepsThoseOfOtherWriters() {
    String id = UUID.randomUUID().toString();
    Document written = scaRhythmWorkflow(id);
    workflows().insertOne(written);
    TaskRun run = new TaskRun(Tasks.newId(), LATER);
    Transition transition =
        new Transition(
            List.of(new Guard.NotPaused(), new Guard.NoRun(1, run.taskId())),
            List.of(
                new Change.AppendTaskRun(1, run),
                new Change.SetStatus(WorkflowStatus.STARTED),
                new Change.SetResumeLock(null)));

    boolean applied = store().apply(WorkflowId.of(id), transition).isPresent();

    Document stored = workflows().find(new Document("_id", id)).first();
    Document expected = Document.parse(written.toJson());
    expected.put("_status", "STARTED");
    expected.put("resume_lock", null);
    expected
        .getList("steps", Document.class)
        .get(1)
        .put("task_runs", List.of(WorkflowDocuments.taskRun(run)));
    assertThat(applied).isTrue();
    assertThat(stored).isEqualTo(expected);
  }

  @Test
  void readsTaskRecordsWrittenByCelery() {
    String id = UUID.randomUUID().toString();
    tasks()
        .insertOne(
            new Document("_id", id)
                .append("status", "SUCCESS")
                .append("result", "[42]")
                .append("traceback", null)
                .append("children", List.of())
                .append("date_done", "2026-11-24T11:16:24.211960")
                .append("name", "archive_dataset")
                .append("args", List.of(42))
                .append("kwargs", new Document("workflow_id", "w").append("step", "archive"))
                .append("worker", "w2@vm")
                .append("retries", 0)
                .append("queue", "q1"));

    TaskRecord record = store().tasks(List.of(TaskId.of(id))).find(TaskId.of(id)).orElseThrow();

    assertThat(record.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(record.result()).isEqualTo(List.of(42L));
    assertThat(record.dateDone()).isEqualTo(Instant.parse("2026-11-24T11:16:24.211960Z"));
    assertThat(record.args()).isEqualTo(List.of(42L));
  }

  @Test
  void writesTaskRecordsInCelerysShape() {
    TaskRecord record = Tasks.success();

    store().saveTask(record);

    Document stored = tasks().find(new Document("_id", record.taskId().value())).first();
    assertThat(stored)
        .containsEntry("status", "SUCCESS")
        .containsEntry("result", "[\"out:" + record.taskId() + "\"]")
        .containsEntry("traceback", null)
        .containsEntry("children", List.of())
        .containsEntry("date_done", "2024-01-01T00:01:00.123000")
        .containsEntry("args", List.of("input"))
        .containsEntry("kwargs", new Document("step", "step 1"))
        .containsEntry("retries", 0)
        .doesNotContainKey("parent_id");
  }

  @Test
  void writesWorkflowsInScaRhythmsShape() {
    Workflow workflow = org.rhythm.testkit.fixture.Workflows.withEveryField();

    store().create(workflow);

    Document stored = workflows().find(new Document("_id", workflow.id().value())).first();
    assertThat(stored).isEqualTo(WorkflowDocuments.toDocument(workflow));
    assertThat(stored.get("created_at")).isInstanceOf(Date.class);
  }

  private static Document scaRhythmWorkflow(String id) {
    return Document.parse(
        """
        {"_id": "%s",
         "created_at": {"$date": "2024-01-05T14:03:22.123Z"},
         "steps": [
           {"name": "inspect", "task": "inspect_dataset", "queue": "bioloop-dev.sca.iu.edu.q",
            "kwargs": null,
            "task_runs": [{"date_start": {"$date": "2024-01-05T14:03:23.456Z"}, "task_id": "r1"}]},
           {"name": "archive", "task": "archive_dataset", "queue": "bioloop-dev.sca.iu.edu.q"}],
         "name": "integrated", "app_id": "%s", "description": null, "_status": "PENDING",
         "updated_at": {"$date": "2024-01-05T14:03:23.500Z"},
         "resume_lock": {"$date": "2024-01-05T14:03:20Z"},
         "python_only": {"kept": true}}
        """
            .formatted(id, "app-" + id));
  }

  private static MongoCollection<Document> workflows() {
    return MONGO.database().getCollection(MongoResultStore.WORKFLOWS);
  }

  private static MongoCollection<Document> tasks() {
    return MONGO.database().getCollection(MongoResultStore.TASKS);
  }
}
