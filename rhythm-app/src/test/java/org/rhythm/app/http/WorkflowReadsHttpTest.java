package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rhythm.app.http.ApiClient.Answer;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.worker.TaskRegistry;

/** The read endpoints of rhythm-api-contract.md §1.2 and the shapes of §1.3. */
class WorkflowReadsHttpTest {
  private static final Pattern DATETIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");

  private final TestApi api = new TestApi();

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
    String id = runIntegratedToSuccess();

    Answer answer = api.client.get("/workflows/" + id + "?last_task_run=true&prev_task_runs=True");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(Samples.json("workflow-succeeded.json"));
  }

  @Test
  void aWorkflowNoWorkerTookYetHasPendingStepsWithoutRuns() {
    String id = create(Samples.INTEGRATED.replace("\"description\": null", description()));

    Answer answer = api.client.get("/workflows/" + id);

    assertThat(answer.json()).isEqualTo(Samples.json("workflow-pending.json"));
  }

  @Test
  void theViewLeavesOutTheLastRunWhenAskedAndHasNoEarlierRunsByDefault() {
    String id = create(Samples.INTEGRATED);

    Map<String, Object> view = object(api.client.get("/workflows/" + id + "?last_task_run=0"));

    for (Object step : (List<?>) view.get("steps")) {
      assertThat(map(step)).containsOnlyKeys("name", "task", "status");
    }
  }

  @Test
  void everyDatetimeHasSixFractionalDigitsAndAZ() {
    String id = runIntegratedToSuccess();

    Map<String, Object> view = object(api.client.get("/workflows/" + id));

    List<Object> datetimes =
        new ArrayList<>(List.of(view.get("created_at"), view.get("updated_at")));
    for (Object step : (List<?>) view.get("steps")) {
      Map<?, ?> run = (Map<?, ?>) ((Map<?, ?>) step).get("last_task_run");
      datetimes.add(run.get("date_start"));
      datetimes.add(run.get("date_done"));
    }
    assertThat(datetimes).allSatisfy(value -> assertThat((String) value).matches(DATETIME));
  }

  @Test
  void anUnknownIdIsA404WithRhythmApisMessage() {
    Answer answer = api.client.get("/workflows/no-such-id");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json())
        .isEqualTo(Map.of("message", "Workflow with id no-such-id is not found"));
  }

  @Test
  void theListIsTheSamplePageWithRhythmApisDefaults() {
    runIntegratedToSuccess();

    Answer answer = api.client.get("/workflows");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(Samples.json("list-one-page.json"));
  }

  @Test
  void theListIsNewestFirstUnlessAskedOldestFirst() {
    String first = create(Samples.workflow("a", "app-order"));
    api.clock.advance(Duration.ofSeconds(1));
    String second = create(Samples.workflow("b", "app-order"));

    List<Object> newest = ids(api.client.get("/workflows?app_id=app-order"));
    List<Object> oldest = ids(api.client.get("/workflows?app_id=app-order&sort_order_asc=yes"));

    assertThat(newest).containsExactly(second, first);
    assertThat(oldest).containsExactly(first, second);
  }

  @Test
  void theListPagesWithSkipAndLimitAndCountsEveryMatch() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(create(Samples.workflow("w" + i, "app-pages")));
      api.clock.advance(Duration.ofSeconds(1));
    }

    Answer answer = api.client.get("/workflows?app_id=app-pages&skip=1&limit=2&sort_by=name");

    Map<String, Object> page = object(answer);
    assertThat(page.get("metadata")).isEqualTo(Map.of("total", 5L, "limit", 2L, "skip", 1L));
    assertThat(ids(answer)).containsExactly(created.get(3), created.get(2));
  }

  @Test
  void theListFiltersByRepeatedIdsByNameAndAcceptsUnknownParameters() {
    String a = create(Samples.workflow("stage", "app-filter"));
    String b = create(Samples.workflow("stage", "app-filter"));
    create(Samples.workflow("delete", "app-filter"));
    String c = create(Samples.workflow("stage", "app-filter"));

    List<Object> byIds =
        ids(api.client.get("/workflows?workflow_id=" + a + "&workflow_id=" + c + "&initiator=x"));
    List<Object> byName =
        ids(api.client.get("/workflows?app_id=app-filter&workflow_name=stage&only_active=true"));

    assertThat(byIds).containsExactlyInAnyOrder(a, c);
    assertThat(byName).containsExactlyInAnyOrder(a, b, c);
  }

  @Test
  void anEmptyIdMatchesNoWorkflow() {
    String a = create(Samples.workflow("stage", "app-empty-id"));

    List<Object> withEmpty = ids(api.client.get("/workflows?workflow_id=&workflow_id=" + a));
    Answer onlyEmpty = api.client.get("/workflows?workflow_id=");

    assertThat(withEmpty).containsExactly(a);
    assertThat(onlyEmpty.status()).isEqualTo(200);
    assertThat(ids(onlyEmpty)).isEmpty();
  }

  @Test
  void theStatusFilterTakesTheGroupsOnTheCachedStatus() {
    String done = runIntegratedToSuccess();
    String pending = create(Samples.workflow("p", Samples.APP));

    List<Object> active = ids(api.client.get("/workflows?status=ACTIVE"));
    List<Object> finished = ids(api.client.get("/workflows?status=DONE"));
    List<Object> exception = ids(api.client.get("/workflows?status=EXCEPTION"));
    List<Object> success = ids(api.client.get("/workflows?status=SUCCESS"));

    assertThat(active).containsExactly(pending);
    assertThat(finished).containsExactly(done);
    assertThat(exception).isEmpty();
    assertThat(success).containsExactly(done);
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "True", "1", "yes", "on", "T", "Y"})
  void pythonStyleTruthsTurnEarlierRunsOn(String truth) {
    String id = create(Samples.INTEGRATED);

    Map<String, Object> view =
        object(api.client.get("/workflows/" + id + "?prev_task_runs=" + truth));

    assertThat(map(list(view.get("steps")).get(0))).containsKey("prev_task_runs");
  }

  @Test
  void badlyTypedParametersAre422WithEveryProblem() {
    Answer answer =
        api.client.get("/workflows?status=active&limit=ten&skip=-1&last_task_run=maybe");

    assertThat(answer.status()).isEqualTo(422);
    List<Object> detail = list(object(answer).get("detail"));
    assertThat(detail)
        .extracting(problem -> map(problem).get("loc"))
        .containsExactlyInAnyOrder(
            List.of("query", "status"),
            List.of("query", "limit"),
            List.of("query", "skip"),
            List.of("query", "last_task_run"));
    assertThat(detail)
        .extracting(problem -> map(problem).get("type"))
        .containsExactlyInAnyOrder(
            "type_error.enum",
            "type_error.integer",
            "value_error.number.not_ge",
            "type_error.bool");
  }

  @Test
  void countsByStatusHaveEveryStandardStatusAndCountOneApp() {
    runIntegratedToSuccess();
    create(Samples.workflow("other", "another-app"));

    Answer answer = api.client.get("/workflows/counts_by_status?app_id=" + Samples.APP);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(Samples.json("counts-one-success.json"));
  }

  @Test
  void uniqueTasksAreTheStepNamesOfTaskRecordsAndNeedAnAppId() {
    runIntegratedToSuccess();

    Answer names = api.client.get("/tasks/unique?app_id=anything");
    Answer missing = api.client.get("/tasks/unique");

    assertThat(names.json()).isEqualTo(List.of("archive", "inspect"));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.json())
        .isEqualTo(
            Map.of(
                "detail",
                List.of(
                    Map.of(
                        "loc",
                        List.of("query", "app_id"),
                        "msg",
                        "field required",
                        "type",
                        "value_error.missing"))));
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

  private String runIntegratedToSuccess() {
    api.work(
        Samples.QUEUE,
        new TaskRegistry()
            .register("inspect_dataset", c -> List.of(c.args().get(0)))
            .register("archive_dataset", c -> List.of(c.args().get(0), List.of())));
    String id = create(Samples.INTEGRATED);
    assertThat(
            Samples.await(
                () ->
                    api.service
                        .view(WorkflowId.of(id), ViewOptions.DEFAULT)
                        .status()
                        .equals(WorkflowStatus.SUCCESS)))
        .as("workflow %s succeeds", id)
        .isTrue();
    return id;
  }

  private String create(String body) {
    Answer answer = api.client.post("/workflows", body);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return (String) object(answer).get("workflow_id");
  }

  private static String description() {
    return "\"description\": \"An end-to-end workflow\"";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Answer answer) {
    return (Map<String, Object>) answer.json();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  static List<Object> ids(Answer answer) {
    List<Object> ids = new ArrayList<>();
    for (Object workflow : (List<?>) object(answer).get("results")) {
      ids.add(((Map<?, ?>) workflow).get("id"));
    }
    return ids;
  }
}
