package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rhythm.app.http.Answers.ids;
import static org.rhythm.app.http.Answers.list;
import static org.rhythm.app.http.Answers.map;
import static org.rhythm.app.http.Answers.object;

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
import org.rhythm.ports.worker.TaskRegistry;

/**
 * The read endpoints of rhythm-api-contract.md §1.2 and the shapes of §1.3, on the adapters a
 * subclass names. The JSON samples under {@code src/test/resources/http} are written from the
 * reference, not from Rhythm's answers.
 */
abstract class WorkflowReadsHttpContract {
  static final Pattern DATETIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");

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
    String id = runIntegratedToSuccess();

    Answer answer = api.client.get("/workflows/" + id + "?last_task_run=true&prev_task_runs=True");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.json()).isEqualTo(api.expected("workflow-succeeded.json"));
  }

  @Test
  void aWorkflowNoWorkerTookYetHasPendingStepsWithoutRuns() {
    String id = create(api.integrated().replace("\"description\": null", description()));

    Answer answer = api.client.get("/workflows/" + id);

    assertThat(answer.json()).isEqualTo(api.expected("workflow-pending.json"));
  }

  @Test
  void theViewLeavesOutTheLastRunWhenAskedAndHasNoEarlierRunsByDefault() {
    String id = create(api.integrated());

    Map<String, Object> view = object(api.client.get("/workflows/" + id + "?last_task_run=0"));

    for (Object step : list(view.get("steps"))) {
      assertThat(map(step)).containsOnlyKeys("name", "task", "status");
    }
  }

  @Test
  void everyDatetimeHasSixFractionalDigitsAndAZ() {
    String id = runIntegratedToSuccess();

    Map<String, Object> view = object(api.client.get("/workflows/" + id));

    List<Object> datetimes =
        new ArrayList<>(List.of(view.get("created_at"), view.get("updated_at")));
    for (Object step : list(view.get("steps"))) {
      Map<String, Object> run = map(map(step).get("last_task_run"));
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
    assertThat(answer.json()).isEqualTo(api.expected("list-one-page.json"));
  }

  @Test
  void anEmptyListStillHasItsMetadataWithTheDefaultPage() {
    Answer answer = api.client.get("/workflows?app_id=no-such-app");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(api.expected("list-empty.json"));
  }

  @Test
  void theListTakesTheSameRunOptionsAsTheView() {
    create(api.integrated());

    Map<String, Object> page =
        object(api.client.get("/workflows?last_task_run=false&prev_task_runs=yes"));

    Map<String, Object> workflow = map(list(page.get("results")).get(0));
    for (Object step : list(workflow.get("steps"))) {
      assertThat(map(step))
          .containsOnlyKeys("name", "task", "status", "prev_task_runs")
          .containsEntry("prev_task_runs", List.of());
    }
  }

  @Test
  void theListIsNewestFirstUnlessAskedOldestFirst() {
    String first = create(api.idleWorkflow("a", "app-order"));
    api.clock.advance(Duration.ofSeconds(1));
    String second = create(api.idleWorkflow("b", "app-order"));

    List<Object> newest = ids(api.client.get("/workflows?app_id=app-order"));
    List<Object> alsoNewest = ids(api.client.get("/workflows?app_id=app-order&sort_order_asc=no"));
    List<Object> oldest = ids(api.client.get("/workflows?app_id=app-order&sort_order_asc=yes"));

    assertThat(newest).containsExactly(second, first);
    assertThat(alsoNewest).containsExactly(second, first);
    assertThat(oldest).containsExactly(first, second);
  }

  @Test
  void theListPagesWithSkipAndLimitAndCountsEveryMatch() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(create(api.idleWorkflow("w" + i, "app-pages")));
      api.clock.advance(Duration.ofSeconds(1));
    }

    Answer answer = api.client.get("/workflows?app_id=app-pages&skip=1&limit=2&sort_by=name");

    Map<String, Object> page = object(answer);
    assertThat(page.get("metadata")).isEqualTo(Map.of("total", 5L, "limit", 2L, "skip", 1L));
    assertThat(ids(answer)).containsExactly(created.get(3), created.get(2));
  }

  @Test
  void theDefaultPageIsTheTenNewest() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      created.add(create(api.idleWorkflow("w" + i, "app-ten")));
      api.clock.advance(Duration.ofSeconds(1));
    }

    Answer answer = api.client.get("/workflows?app_id=app-ten");

    assertThat(object(answer).get("metadata"))
        .isEqualTo(Map.of("total", 12L, "limit", 10L, "skip", 0L));
    assertThat(ids(answer)).containsExactlyElementsOf(newestFirst(created).subList(0, 10));
  }

  @Test
  void theListFiltersByRepeatedIdsByNameAndAcceptsUnknownParameters() {
    String a = create(api.idleWorkflow("stage", "app-filter"));
    String b = create(api.idleWorkflow("stage", "app-filter"));
    create(api.idleWorkflow("delete", "app-filter"));
    String c = create(api.idleWorkflow("stage", "app-filter"));

    List<Object> byIds =
        ids(api.client.get("/workflows?workflow_id=" + a + "&workflow_id=" + c + "&initiator=x"));
    List<Object> byName =
        ids(api.client.get("/workflows?app_id=app-filter&workflow_name=stage&only_active=true"));

    assertThat(byIds).containsExactlyInAnyOrder(a, c);
    assertThat(byName).containsExactlyInAnyOrder(a, b, c);
  }

  @Test
  void theAppFilterKeepsOtherAppsOut() {
    String mine = create(api.idleWorkflow("stage", "app-mine"));
    create(api.idleWorkflow("stage", "app-theirs"));

    Answer answer = api.client.get("/workflows?app_id=app-mine");

    assertThat(ids(answer)).containsExactly(mine);
    assertThat(map(object(answer).get("metadata"))).containsEntry("total", 1L);
  }

  @Test
  void aRepeatedSingleParameterTakesItsLastValue() {
    String mine = create(api.idleWorkflow("stage", "app-mine"));
    create(api.idleWorkflow("stage", "app-theirs"));

    List<Object> listed =
        ids(api.client.get("/workflows?app_id=app-theirs&app_id=app-mine&limit=0&limit=5"));
    Map<String, Object> counts =
        object(api.client.get("/workflows/counts_by_status?app_id=nobody&app_id=app-mine"));

    assertThat(listed).containsExactly(mine);
    assertThat(counts).containsEntry("PENDING", 1L);
  }

  @Test
  void anEmptyIdMatchesNoWorkflow() {
    String a = create(api.idleWorkflow("stage", "app-empty-id"));

    List<Object> withEmpty = ids(api.client.get("/workflows?workflow_id=&workflow_id=" + a));
    Answer onlyEmpty = api.client.get("/workflows?workflow_id=");

    assertThat(withEmpty).containsExactly(a);
    assertThat(onlyEmpty.status()).isEqualTo(200);
    assertThat(ids(onlyEmpty)).isEmpty();
  }

  @Test
  void theStatusFilterTakesTheGroupsOnTheCachedStatus() {
    String done = runIntegratedToSuccess();
    String pending = create(api.idleWorkflow("p", Samples.APP));

    List<Object> active = ids(api.client.get("/workflows?status=ACTIVE"));
    List<Object> finished = ids(api.client.get("/workflows?status=DONE"));
    List<Object> exception = ids(api.client.get("/workflows?status=EXCEPTION"));
    List<Object> success = ids(api.client.get("/workflows?status=SUCCESS"));
    List<Object> justPending = ids(api.client.get("/workflows?status=PENDING"));
    List<Object> started = ids(api.client.get("/workflows?status=STARTED"));

    assertThat(active).containsExactly(pending);
    assertThat(finished).containsExactly(done);
    assertThat(exception).isEmpty();
    assertThat(success).containsExactly(done);
    assertThat(justPending).containsExactly(pending);
    assertThat(started).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "True", "TRUE", "1", "yes", "on", "T", "Y"})
  void pythonStyleTruthsTurnEarlierRunsOn(String truth) {
    String id = create(api.integrated());

    Map<String, Object> view =
        object(api.client.get("/workflows/" + id + "?prev_task_runs=" + truth));

    assertThat(map(list(view.get("steps")).get(0))).containsKey("prev_task_runs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "False", "0", "no", "off", "F", "n"})
  void pythonStyleFalsehoodsTurnTheLastRunOff(String falsehood) {
    String id = create(api.integrated());

    Map<String, Object> view =
        object(api.client.get("/workflows/" + id + "?last_task_run=" + falsehood));

    assertThat(map(list(view.get("steps")).get(0))).doesNotContainKey("last_task_run");
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
    assertThat(detail).allSatisfy(problem -> assertThat(map(problem)).containsKey("msg"));
  }

  @Test
  void aBadlyTypedViewParameterIs422() {
    String id = create(api.integrated());

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
  void countsByStatusHaveEveryStandardStatusAndCountOneApp() {
    runIntegratedToSuccess();
    create(api.idleWorkflow("other", "another-app"));

    Answer answer = api.client.get("/workflows/counts_by_status?app_id=" + Samples.APP);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(api.expected("counts-one-success.json"));
  }

  @Test
  void countsOfAnAppWithoutWorkflowsAreAllZero() {
    create(api.idleWorkflow("other", "another-app"));

    Answer answer = api.client.get("/workflows/counts_by_status?app_id=" + Samples.APP);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(api.expected("counts-none.json"));
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

  /**
   * Runs {@link TestApi#integrated} on a Java worker until it succeeded and its cached status says
   * so too, the last write of a workflow's run.
   */
  private String runIntegratedToSuccess() {
    api.work(
        Samples.QUEUE,
        new TaskRegistry()
            .register("inspect_dataset", c -> List.of(c.args().get(0)))
            .register("archive_dataset", c -> List.of(c.args().get(0), List.of())));
    String id = create(api.integrated());
    assertThat(
            Samples.await(
                () ->
                    ids(api.client.get("/workflows?status=SUCCESS&workflow_id=" + id))
                        .contains(id)))
        .as("workflow %s succeeds", id)
        .isTrue();
    return id;
  }

  private String create(String body) {
    Answer answer = api.client.post("/workflows", body);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return (String) object(answer).get("workflow_id");
  }

  private static List<String> newestFirst(List<String> created) {
    List<String> reversed = new ArrayList<>(created);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  private static String description() {
    return "\"description\": \"An end-to-end workflow\"";
  }
}
