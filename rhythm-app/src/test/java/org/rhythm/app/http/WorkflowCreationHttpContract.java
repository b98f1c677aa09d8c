package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rhythm.app.http.Answers.ids;
import static org.rhythm.app.http.Answers.list;
import static org.rhythm.app.http.Answers.map;
import static org.rhythm.app.http.Answers.object;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.app.http.ApiClient.Answer;
import org.rhythm.ports.worker.TaskRegistry;

/**
 * {@code POST /workflows} (rhythm-api-contract.md §1.2, §1.5): its answer, and the 400, 413 and 422
 * answers to the bodies it refuses, on the adapters a subclass names.
 */
abstract class WorkflowCreationHttpContract {
  private TestApi api = new TestApi(adapters());

  /** The adapters under the API; each test takes a fresh place from them. */
  protected abstract TestAdapters adapters();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void creatingAnswers200WithTheIdAndDispatchesStepOneWithTheArgs() throws Exception {
    CompletableFuture<List<Object>> args = new CompletableFuture<>();
    api.work(
        Samples.QUEUE,
        new TaskRegistry()
            .register(
                "inspect_dataset",
                c -> {
                  args.complete(c.args());
                  return List.of(c.args().get(0));
                })
            .register("archive_dataset", c -> List.of(c.args().get(0))));

    Answer answer = api.client.post("/workflows", api.integrated());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(object(answer)).containsOnlyKeys("workflow_id");
    assertThat(object(answer).get("workflow_id")).isEqualTo(api.id(1));
    assertThat(args.get(30, TimeUnit.SECONDS)).isEqualTo(List.of(42L));
  }

  @Test
  void unknownKeysAreIgnoredAndDescriptionAndKwargsMayBeLeftOut() {
    String body =
        "{\"name\": \"n\", \"app_id\": \"a\", \"initiator\": \"x\", \"steps\": [{\"name\":"
            + " \"s\", \"task\": \"t\", \"queue\": \""
            + api.queue("idle")
            + "\", \"retries\": 3}], \"args\": []}";

    Answer answer = api.client.post("/workflows", body);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    String id = (String) object(answer).get("workflow_id");
    assertThat(object(api.client.get("/workflows/" + id)))
        .containsEntry("description", null)
        .containsEntry("status", "PENDING");
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
    assertThat(ids(api.client.get("/workflows"))).isEmpty();
  }

  @Test
  void anEmptyAppIdOrStepNameIs400() {
    String body =
        "{\"name\": \"n\", \"app_id\": \"\", \"steps\": [{\"name\": \"\", \"task\": \"t\"}],"
            + " \"args\": []}";

    Answer answer = api.client.post("/workflows", body);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(object(answer))
        .containsOnlyKeys("message")
        .extractingByKey("message")
        .asString()
        .contains("app_id is empty")
        .contains("steps[0].name is empty");
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
    assertThat(api.queries().countsByStatus("big-args").values()).containsOnly(0L);
    assertThat(ids(api.client.get("/workflows?app_id=big-args"))).isEmpty();
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
  void aBodyThatIsNotAnObjectIs422() {
    Answer answer = api.client.post("/workflows", "[]");

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.json())
        .isEqualTo(
            Map.of(
                "detail",
                List.of(
                    Map.of(
                        "loc", List.of("body"),
                        "msg", "value is not a valid dict",
                        "type", "type_error.dict"))));
  }

  @Test
  void anEmptyOrNullBodyIsMissingAsFastApiSaysIt() {
    String id = api.create(api.idleWorkflow("idle", Samples.APP));

    List<Answer> answers =
        List.of(
            api.client.post("/workflows", ""),
            api.client.post("/workflows", "null"),
            api.client.post("/workflows/" + id + "/resume", ""),
            api.client.post("/workflows/" + id + "/resume", "null"));

    assertThat(answers)
        .allSatisfy(
            answer -> {
              assertThat(answer.status()).isEqualTo(422);
              assertThat(answer.json())
                  .isEqualTo(
                      Map.of(
                          "detail",
                          List.of(
                              Map.of(
                                  "loc", List.of("body"),
                                  "msg", "field required",
                                  "type", "value_error.missing"))));
            });
  }

  @Test
  void missingFieldsAre422FieldRequired() {
    Answer answer = api.client.post("/workflows", "{\"description\": \"d\"}");

    assertThat(answer.status()).isEqualTo(422);
    List<Object> detail = list(object(answer).get("detail"));
    assertThat(detail)
        .extracting(problem -> map(problem).get("loc"))
        .containsExactly(
            List.of("body", "name"),
            List.of("body", "app_id"),
            List.of("body", "steps"),
            List.of("body", "args"));
    assertThat(detail)
        .allSatisfy(
            problem ->
                assertThat(map(problem))
                    .containsEntry("msg", "field required")
                    .containsEntry("type", "value_error.missing"));
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
    api = new TestApi(adapters(), TestApi.settings().withMaxBodyBytes(100));

    Answer answer = api.client.post("/workflows", api.integrated());

    assertThat(answer.status()).isEqualTo(413);
    assertThat(object(answer).get("detail")).isEqualTo("the request body is larger than 100 bytes");
    assertThat(api.queries().countsByStatus(Samples.APP).values()).containsOnly(0L);
  }
}
