package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rhythm.app.http.Answers.ids;
import static org.rhythm.app.http.Answers.list;
import static org.rhythm.app.http.Answers.map;
import static org.rhythm.app.http.Answers.object;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.app.http.ApiClient.Answer;
import org.rhythm.ports.worker.TaskRegistry;

/**
 * Pause, resume and delete through HTTP (rhythm-api-contract.md §1.2, DESIGN.md §3.6, §3.7, §3.10),
 * Java workers doing the work, on the adapters a subclass names.
 */
abstract class WorkflowControlHttpContract {
  private static final Map<String, Object> TERMINATED =
      Map.of(
          "exc_type", "TaskRevokedError",
          "exc_message", List.of("terminated"),
          "exc_module", "celery.exceptions");

  private final TestApi api = new TestApi(adapters());

  /** The adapters under the API; each test takes a fresh place from them. */
  protected abstract TestAdapters adapters();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void pausingARunningStepRevokesItAndAPausedWorkflowDoesNotPauseAgain() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    api.work(Samples.QUEUE, new TaskRegistry().register("inspect_dataset", c -> block(running)));
    String id = api.create(api.integrated());
    assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

    Answer first = api.client.post("/workflows/" + id + "/pause", null);
    Answer second = api.client.post("/workflows/" + id + "/pause", "{}");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json())
        .isEqualTo(
            Map.of(
                "paused",
                true,
                "revoked_step",
                Map.of("task_id", api.id(2), "task", "inspect_dataset", "name", "inspect")));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json()).isEqualTo(Map.of("paused", false));
  }

  @Test
  void aPausedWorkflowShowsItsTerminatedRunAsCeleryRecordsIt() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    api.work(Samples.QUEUE, new TaskRegistry().register("inspect_dataset", c -> block(running)));
    String id = api.create(api.integrated());
    assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();

    api.client.post("/workflows/" + id + "/pause", null);

    assertThat(Samples.await(() -> "REVOKED".equals(firstStep(id).get("status")))).isTrue();
    Map<String, Object> view = object(api.client.get("/workflows/" + id));
    assertThat(view)
        .containsEntry("status", "REVOKED")
        .containsEntry("steps_done", 0L)
        .containsEntry("paused", true);
    Map<String, Object> run = map(firstStep(id).get("last_task_run"));
    assertThat(run)
        .containsEntry("_id", api.id(2))
        .containsEntry("status", "REVOKED")
        .containsEntry("result", TERMINATED)
        .containsEntry("args", List.of(42L));
    assertThat((String) run.get("date_done")).matches(Samples.DATETIME);
  }

  @Test
  void aFailedStepShowsCelerysExceptionAndResumesWithTheArgsGiven() {
    api.work(
        Samples.QUEUE,
        new TaskRegistry()
            .register(
                "inspect_dataset",
                c -> {
                  if (c.args().get(0).equals(42L)) {
                    throw new IllegalStateException("dataset 42 is unreadable");
                  }
                  return List.of(c.args().get(0));
                })
            .register("archive_dataset", c -> List.of(c.args().get(0))));
    String id = api.create(api.integrated());
    assertThat(Samples.await(() -> "FAILURE".equals(view(id).get("status")))).isTrue();
    Map<String, Object> failed = map(firstStep(id).get("last_task_run"));
    List<Object> exception = ids(api.client.get("/workflows?status=EXCEPTION"));

    Answer resumed = api.client.post("/workflows/" + id + "/resume", "{\"args\": [7]}");

    assertThat(failed)
        .containsEntry("status", "FAILURE")
        .containsEntry(
            "result",
            Map.of(
                "exc_type", "IllegalStateException",
                "exc_message", List.of("dataset 42 is unreadable"),
                "exc_module", "java.lang"));
    assertThat(failed.get("traceback")).asString().contains("dataset 42 is unreadable");
    assertThat(exception).containsExactly(id);
    assertThat(resumed.json())
        .isEqualTo(
            Map.of(
                "resumed",
                true,
                "restarted_step",
                Map.of("name", "inspect", "task", "inspect_dataset")));
    assertThat(Samples.await(() -> "SUCCESS".equals(view(id).get("status")))).isTrue();
    Map<String, Object> archive = map(list(view(id).get("steps")).get(1));
    assertThat(map(archive.get("last_task_run"))).containsEntry("args", List.of(7L));
  }

  @Test
  void resumingNeedsABodyAndRestartsAPausedStep() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    api.work(Samples.QUEUE, new TaskRegistry().register("inspect_dataset", c -> block(running)));
    String id = api.create(api.integrated());
    assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
    api.client.post("/workflows/" + id + "/pause", null);

    Answer withoutBody = api.client.post("/workflows/" + id + "/resume", null);
    Answer resumed = api.client.post("/workflows/" + id + "/resume", "{}");

    assertThat(withoutBody.status()).isEqualTo(422);
    assertThat(withoutBody.json())
        .isEqualTo(
            Map.of(
                "detail",
                List.of(
                    Map.of(
                        "loc", List.of("body"),
                        "msg", "field required",
                        "type", "value_error.missing"))));
    assertThat(resumed.status()).isEqualTo(200);
    assertThat(resumed.json())
        .isEqualTo(
            Map.of(
                "resumed",
                true,
                "restarted_step",
                Map.of("name", "inspect", "task", "inspect_dataset")));
  }

  @Test
  void resumingAWorkflowThatNeedsNoResumeSaysNoUnlessForced() {
    String id = api.create(api.idleWorkflow("idle", Samples.APP));

    Answer refused = api.client.post("/workflows/" + id + "/resume", "{}");
    Answer forced = api.client.post("/workflows/" + id + "/resume?force=true", "{\"args\": [7]}");

    assertThat(refused.status()).isEqualTo(200);
    assertThat(object(refused)).containsEntry("resumed", false);
    assertThat(forced.json())
        .isEqualTo(Map.of("resumed", true, "restarted_step", Map.of("name", "one", "task", "t1")));
  }

  @Test
  void aResumeNoWorkerTookYetHoldsTheResumeLockAsADatetime() {
    String id = api.create(api.idleWorkflow("idle", Samples.APP));

    Answer forced = api.client.post("/workflows/" + id + "/resume?force=1", "{\"args\": null}");

    assertThat(object(forced)).containsEntry("resumed", true);
    assertThat(view(id)).containsEntry("resume_lock", "2024-01-05T14:03:22.123000Z");
  }

  @Test
  void resumeArgsThatAreNotAListAre422() {
    String id = api.create(api.idleWorkflow("idle", Samples.APP));

    Answer answer = api.client.post("/workflows/" + id + "/resume?force=1", "{\"args\": 7}");

    assertThat(answer.status()).isEqualTo(422);
    assertThat(map(list(object(answer).get("detail")).get(0)).get("loc"))
        .isEqualTo(List.of("body", "args"));
  }

  @Test
  void aForceThatIsNotABooleanIs422() {
    String id = api.create(api.idleWorkflow("idle", Samples.APP));

    Answer answer = api.client.post("/workflows/" + id + "/resume?force=please", "{}");

    assertThat(answer.status()).isEqualTo(422);
    assertThat(map(list(object(answer).get("detail")).get(0)))
        .containsEntry("loc", List.of("query", "force"))
        .containsEntry("type", "type_error.bool");
  }

  @Test
  void pausingResumingAnUnknownIdIs404() {
    Answer pause = api.client.post("/workflows/nope/pause", null);
    Answer resume = api.client.post("/workflows/nope/resume", "{}");

    assertThat(pause.status()).isEqualTo(404);
    assertThat(pause.json()).isEqualTo(Map.of("message", "Workflow with id nope is not found"));
    assertThat(resume.status()).isEqualTo(404);
    assertThat(resume.json()).isEqualTo(Map.of("message", "Workflow with id nope is not found"));
  }

  @Test
  void deletingCountsTheDeletedWorkflowAndAnUnknownIdIsZero() {
    String id = api.create(api.idleWorkflow("idle", Samples.APP));

    Answer first = api.client.delete("/workflows/" + id);
    Answer second = api.client.delete("/workflows/" + id);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json()).isEqualTo(Map.of("deleted_count", 1L));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json()).isEqualTo(Map.of("deleted_count", 0L));
    assertThat(api.client.get("/workflows/" + id).status()).isEqualTo(404);
    assertThat(ids(api.client.get("/workflows"))).isEmpty();
  }

  @Test
  void deletingAWorkflowKeepsItsTaskRecords() {
    api.work(
        Samples.QUEUE,
        new TaskRegistry()
            .register("inspect_dataset", c -> List.of(c.args().get(0)))
            .register("archive_dataset", c -> List.of(c.args().get(0))));
    String id = api.create(api.integrated());
    assertThat(Samples.await(() -> "SUCCESS".equals(view(id).get("status")))).isTrue();

    Answer deleted = api.client.delete("/workflows/" + id);

    assertThat(deleted.json()).isEqualTo(Map.of("deleted_count", 1L));
    assertThat(api.client.get("/tasks/unique?app_id=" + Samples.APP).json())
        .isEqualTo(List.of("archive", "inspect"));
  }

  private Map<String, Object> view(String id) {
    return object(api.client.get("/workflows/" + id));
  }

  private Map<String, Object> firstStep(String id) {
    return map(list(view(id).get("steps")).get(0));
  }

  /** A task that says it runs, then waits until it is revoked. */
  private static List<Object> block(CountDownLatch running) throws InterruptedException {
    running.countDown();
    new CountDownLatch(1).await();
    return List.of();
  }
}
