package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rhythm.app.http.Answers.list;
import static org.rhythm.app.http.Answers.map;
import static org.rhythm.app.http.Answers.object;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rhythm.app.http.ApiClient.Answer;
import org.rhythm.ports.worker.TaskRegistry;

/**
 * {@code GET /workflows/{id}}, {@code /health} and what no route takes (rhythm-api-contract.md
 * §1.2-1.4): the embellished workflow, its run options, datetimes and error answers, on the
 * adapters a subclass names. The JSON samples under {@code src/test/resources/http} are written
 * from the reference, not from Rhythm's answers.
 */
abstract class WorkflowViewHttpContract {
  private final TestApi api = new TestApi(adapters());

  /** The adapters under the API; each test takes a fresh place from them. */
  protected abstract TestAdapters adapters();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void healthAnswersOk() {
    Answer answer = api.client.send("GET", "/health", null, null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.json()).isEqualTo(Map.of("health", "OK"));
  }

  @Test
  void aSucceededWorkflowIsTheEmbellishedWorkflowOfTheSample() {
    String id = api.runIntegratedToSuccess();

    Answer answer = api.client.get("/workflows/" + id + "?last_task_run=true&prev_task_runs=True");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.json()).isEqualTo(api.expected("workflow-succeeded.json"));
  }

  @Test
  void aWorkflowNoWorkerTookYetHasPendingStepsWithoutRuns() {
    String id = api.create(api.integrated().replace("\"description\": null", description()));

    Answer answer = api.client.get("/workflows/" + id);

    assertThat(answer.json()).isEqualTo(api.expected("workflow-pending.json"));
  }

  @Test
  void aWorkflowWhoseNextStepNoWorkerTookYetIsStarted() {
    api.work(
        Samples.QUEUE,
        new TaskRegistry().register("inspect_dataset", c -> List.of(c.args().get(0))));
    String id = api.create(Samples.integrated(api.queue(Samples.QUEUE), api.queue("idle")));
    assertThat(
            Samples.await(
                () ->
                    Answers.ids(api.client.get("/workflows?status=STARTED&workflow_id=" + id))
                        .contains(id)))
        .as("the cached status of %s is STARTED", id)
        .isTrue();

    Map<String, Object> view = object(api.client.get("/workflows/" + id));

    assertThat(view).containsEntry("status", "STARTED").containsEntry("steps_done", 1L);
    assertThat(map(list(view.get("steps")).get(0))).containsEntry("status", "SUCCESS");
    assertThat(map(list(view.get("steps")).get(1)))
        .containsOnlyKeys("name", "task", "status", "last_task_run")
        .containsEntry("status", "PENDING")
        .containsEntry("last_task_run", null);
  }

  @Test
  void theViewLeavesOutTheLastRunWhenAskedAndHasNoEarlierRunsByDefault() {
    String id = api.create(api.integrated());

    Map<String, Object> view = object(api.client.get("/workflows/" + id + "?last_task_run=0"));

    for (Object step : list(view.get("steps"))) {
      assertThat(map(step)).containsOnlyKeys("name", "task", "status");
    }
  }

  @Test
  void everyDatetimeHasSixFractionalDigitsAndAZ() {
    String id = api.runIntegratedToSuccess();

    Map<String, Object> view = object(api.client.get("/workflows/" + id));

    List<Object> datetimes =
        new ArrayList<>(List.of(view.get("created_at"), view.get("updated_at")));
    for (Object step : list(view.get("steps"))) {
      Map<String, Object> run = map(map(step).get("last_task_run"));
      datetimes.add(run.get("date_start"));
      datetimes.add(run.get("date_done"));
    }
    assertThat(datetimes).allSatisfy(value -> assertThat((String) value).matches(Samples.DATETIME));
  }

  @Test
  void anUnknownIdIsA404WithRhythmApisMessage() {
    Answer answer = api.client.get("/workflows/no-such-id");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json())
        .isEqualTo(Map.of("message", "Workflow with id no-such-id is not found"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "True", "TRUE", "1", "yes", "on", "T", "Y"})
  void pythonStyleTruthsTurnEarlierRunsOn(String truth) {
    String id = api.create(api.integrated());

    Map<String, Object> view =
        object(api.client.get("/workflows/" + id + "?prev_task_runs=" + truth));

    assertThat(map(list(view.get("steps")).get(0))).containsKey("prev_task_runs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "False", "0", "no", "off", "F", "n"})
  void pythonStyleFalsehoodsTurnTheLastRunOff(String falsehood) {
    String id = api.create(api.integrated());

    Map<String, Object> view =
        object(api.client.get("/workflows/" + id + "?last_task_run=" + falsehood));

    assertThat(map(list(view.get("steps")).get(0))).doesNotContainKey("last_task_run");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%20true", "true%20", "maybe", "2", ""})
  void anythingElseIsNoBooleanAsPydanticHasIt(String value) {
    String id = api.create(api.integrated());

    Answer answer = api.client.get("/workflows/" + id + "?last_task_run=" + value);

    assertThat(answer.status()).isEqualTo(422);
    assertThat(list(object(answer).get("detail")))
        .singleElement()
        .satisfies(
            problem ->
                assertThat(map(problem))
                    .containsEntry("loc", List.of("query", "last_task_run"))
                    .containsEntry("type", "type_error.bool"));
  }

  @Test
  void aBadlyTypedViewParameterIs422() {
    String id = api.create(api.integrated());

    Answer answer = api.client.get("/workflows/" + id + "?prev_task_runs=sometimes");

    assertThat(answer.status()).isEqualTo(422);
    assertThat(list(object(answer).get("detail")))
        .singleElement()
        .satisfies(
            problem ->
                assertThat(map(problem))
                    .containsEntry("loc", List.of("query", "prev_task_runs"))
                    .containsEntry("type", "type_error.bool"));
  }

  @Test
  void pathsAndMethodsNoRouteTakesAreFastApis404And405() {
    Answer path = api.client.get("/nothing/here");
    Answer method = api.client.send("PUT", "/workflows", "{}", TestKeys.token());

    assertThat(path.status()).isEqualTo(404);
    assertThat(path.json()).isEqualTo(Map.of("detail", "Not Found"));
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json()).isEqualTo(Map.of("detail", "Method Not Allowed"));
  }

  @Test
  void theOpenApiDocumentIsOpenAndNamesEveryRoute() {
    Answer answer = api.client.send("GET", "/openapi.json", null, null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(map(object(answer).get("paths")))
        .containsOnlyKeys(
            "/health",
            "/workflows",
            "/workflows/counts_by_status",
            "/workflows/{workflow_id}",
            "/workflows/{workflow_id}/pause",
            "/workflows/{workflow_id}/resume",
            "/workflows/{workflow_id}/events",
            "/tasks/unique");
  }

  private static String description() {
    return "\"description\": \"An end-to-end workflow\"";
  }
}
