package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rhythm.app.http.WorkflowReadsHttpTest.list;
import static org.rhythm.app.http.WorkflowReadsHttpTest.map;
import static org.rhythm.app.http.WorkflowReadsHttpTest.object;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.app.http.ApiClient.Answer;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.worker.TaskRegistry;

/** The endpoints that change workflows, and their error answers (rhythm-api-contract.md §1). */
class WorkflowCommandsHttpTest {
  private final TestApi api = new TestApi();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void creatingAnswers200WithTheIdAndDispatchesStepOneWithTheArgs() {
    Answer answer = api.client.post("/workflows", Samples.INTEGRATED);

    assertThat(answer.status()).isEqualTo(200);
    String id = (String) object(answer).get("workflow_id");
    assertThat(object(answer)).containsOnlyKeys("workflow_id");
    assertThat(
            api.service.view(WorkflowId.of(id), ViewOptions.DEFAULT).steps().get(0).status().name())
        .isEqualTo("PENDING");
    assertThat(api.store.find(WorkflowId.of(id)).orElseThrow().startArgs()).isEqualTo(List.of(42L));
  }

  @Test
  void anInvalidWorkflowIs400WithEveryProblem() {
    String body =
        "{\"name\": \"\", \"app_id\": \"app\", \"steps\": [{\"name\": \"a\", \"task\": \"\"},"
            + " {\"name\": \"a\", \"task\": \"t\", \"queue\": \"\"}], \"args\": []}";

    Answer answer = api.client.post("/workflows", body);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json())
        .isEqualTo(
            Map.of(
                "message",
                "name is empty; steps[0].task is empty; steps[1].queue is empty;"
                    + " duplicate step names: [a]"));
  }

  @Test
  void startArgumentsOverTheLimitAre400AndLeaveNoWorkflow() {
    String big = "x".repeat((1 << 20) + 1);
    String body =
        "{\"name\": \"n\", \"app_id\": \"big-args\", \"steps\": [{\"name\": \"s\","
            + " \"task\": \"t\"}], \"args\": [\""
            + big
            + "\"]}";

    Answer answer = api.client.post("/workflows", body);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json()).isEqualTo(Map.of("message", "args is larger than 1 MiB of JSON"));
    assertThat(api.service.countsByStatus("big-args").values()).containsOnly(0L);
    assertThat(WorkflowReadsHttpTest.ids(api.client.get("/workflows?app_id=big-args"))).isEmpty();
  }

  @Test
  void aWorkflowWithoutStepsIs400() {
    Answer answer =
        api.client.post(
            "/workflows", "{\"name\": \"n\", \"app_id\": \"a\", \"steps\": [], \"args\": []}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(object(answer).get("message")).asString().contains("steps is empty");
  }

  @Test
  void bodyThatIsNotJsonIs422AtTheBody() {
    Answer answer = api.client.post("/workflows", "{\"name\": ");

    assertThat(answer.status()).isEqualTo(422);
    Map<String, Object> problem = map(list(object(answer).get("detail")).get(0));
    assertThat(list(problem.get("loc")).get(0)).isEqualTo("body");
    assertThat(problem.get("type")).isEqualTo("value_error.jsondecode");
  }

  @Test
  void wronglyTypedFieldsAre422WithEveryPlace() {
    String body =
        "{\"name\": [], \"app_id\": null, \"steps\": [{\"name\": \"s\", \"kwargs\": 3}, 7],"
            + " \"args\": {}}";

    Answer answer = api.client.post("/workflows", body);

    assertThat(answer.status()).isEqualTo(422);
    assertThat(list(object(answer).get("detail")))
        .extracting(problem -> map(problem).get("loc"))
        .containsExactly(
            List.of("body", "name"),
            List.of("body", "app_id"),
            List.of("body", "steps", 0L, "task"),
            List.of("body", "steps", 0L, "kwargs"),
            List.of("body", "steps", 1L),
            List.of("body", "args"));
  }

  @Test
  void aBodyOverTheLimitIs413AndCreatesNothing() {
    api.close();
    try (TestApi small =
        new TestApi(
            HttpSettings.of(TestKeys.publicKey())
                .withPort(0)
                .withIssuer(TestKeys.ISSUER)
                .withMaxBodyBytes(100))) {
      Answer answer = small.client.post("/workflows", Samples.INTEGRATED);

      assertThat(answer.status()).isEqualTo(413);
      assertThat(object(answer).get("detail"))
          .isEqualTo("the request body is larger than 100 bytes");
      assertThat(small.service.countsByStatus(null).values()).containsOnly(0L);
    }
  }

  @Test
  void pausingARunningStepRevokesItAndAPausedWorkflowDoesNotPauseAgain() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    api.work(Samples.QUEUE, new TaskRegistry().register("inspect_dataset", c -> block(running)));
    String id = create(Samples.INTEGRATED);
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

    Answer first = api.client.post("/workflows/" + id + "/pause", null);
    Answer second = api.client.post("/workflows/" + id + "/pause", "{}");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json())
        .isEqualTo(
            Map.of(
                "paused",
                true,
                "revoked_step",
                Map.of(
                    "task_id",
                    TestApi.NumberedIds.number(2),
                    "task",
                    "inspect_dataset",
                    "name",
                    "inspect")));
    assertThat(second.json()).isEqualTo(Map.of("paused", false));
  }

  @Test
  void resumingNeedsABodyAndRestartsAPausedStep() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    api.work(Samples.QUEUE, new TaskRegistry().register("inspect_dataset", c -> block(running)));
    String id = create(Samples.INTEGRATED);
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
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
    String id = create(Samples.INTEGRATED);

    Answer refused = api.client.post("/workflows/" + id + "/resume", "{}");
    Answer forced = api.client.post("/workflows/" + id + "/resume?force=true", "{\"args\": [7]}");

    assertThat(refused.status()).isEqualTo(200);
    assertThat(object(refused)).containsEntry("resumed", false);
    assertThat(forced.json())
        .isEqualTo(
            Map.of(
                "resumed",
                true,
                "restarted_step",
                Map.of("name", "inspect", "task", "inspect_dataset")));
  }

  @Test
  void resumeArgsThatAreNotAListAre422() {
    String id = create(Samples.INTEGRATED);

    Answer answer = api.client.post("/workflows/" + id + "/resume?force=1", "{\"args\": 7}");

    assertThat(answer.status()).isEqualTo(422);
    assertThat(map(list(object(answer).get("detail")).get(0)).get("loc"))
        .isEqualTo(List.of("body", "args"));
  }

  @Test
  void pausingResumingAnUnknownIdIs404() {
    Answer pause = api.client.post("/workflows/nope/pause", null);
    Answer resume = api.client.post("/workflows/nope/resume", "{}");

    assertThat(pause.status()).isEqualTo(404);
    assertThat(pause.json()).isEqualTo(Map.of("message", "Workflow with id nope is not found"));
    assertThat(resume.status()).isEqualTo(404);
  }

  @Test
  void deletingCountsTheDeletedWorkflowAndAnUnknownIdIsZero() {
    String id = create(Samples.INTEGRATED);

    Answer first = api.client.delete("/workflows/" + id);
    Answer second = api.client.delete("/workflows/" + id);

    assertThat(first.json()).isEqualTo(Map.of("deleted_count", 1L));
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json()).isEqualTo(Map.of("deleted_count", 0L));
    assertThat(api.client.get("/workflows/" + id).status()).isEqualTo(404);
  }

  private String create(String body) {
    Answer answer = api.client.post("/workflows", body);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return (String) object(answer).get("workflow_id");
  }

  /** A task that says it runs, then waits until it is revoked. */
  private static List<Object> block(CountDownLatch running) throws InterruptedException {
    running.countDown();
    new CountDownLatch(1).await();
    return List.of();
  }
}
