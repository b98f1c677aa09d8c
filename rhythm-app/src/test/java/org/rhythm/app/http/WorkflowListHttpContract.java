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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.app.http.ApiClient.Answer;

/**
 * {@code GET /workflows}, {@code /workflows/counts_by_status} and {@code /tasks/unique}
 * (rhythm-api-contract.md §1.2): pages, defaults, filters and counts, on the adapters a subclass
 * names.
 */
abstract class WorkflowListHttpContract {
  private final TestApi api = new TestApi(adapters());

  /** The adapters under the API; each test takes a fresh place from them. */
  protected abstract TestAdapters adapters();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void theListIsTheSamplePageWithRhythmApisDefaults() {
    api.runIntegratedToSuccess();

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
    api.create(api.integrated());

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
    String first = api.create(api.idleWorkflow("a", "app-order"));
    api.clock.advance(Duration.ofSeconds(1));
    String second = api.create(api.idleWorkflow("b", "app-order"));

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
      created.add(api.create(api.idleWorkflow("w" + i, "app-pages")));
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
      created.add(api.create(api.idleWorkflow("w" + i, "app-ten")));
      api.clock.advance(Duration.ofSeconds(1));
    }

    Answer answer = api.client.get("/workflows?app_id=app-ten");

    assertThat(object(answer).get("metadata"))
        .isEqualTo(Map.of("total", 12L, "limit", 10L, "skip", 0L));
    assertThat(ids(answer)).containsExactlyElementsOf(newestFirst(created).subList(0, 10));
  }

  @Test
  void theListFiltersByRepeatedIdsByNameAndAcceptsUnknownParameters() {
    String a = api.create(api.idleWorkflow("stage", "app-filter"));
    String b = api.create(api.idleWorkflow("stage", "app-filter"));
    api.create(api.idleWorkflow("delete", "app-filter"));
    String c = api.create(api.idleWorkflow("stage", "app-filter"));

    List<Object> byIds =
        ids(api.client.get("/workflows?workflow_id=" + a + "&workflow_id=" + c + "&initiator=x"));
    List<Object> byName =
        ids(api.client.get("/workflows?app_id=app-filter&workflow_name=stage&only_active=true"));

    assertThat(byIds).containsExactlyInAnyOrder(a, c);
    assertThat(byName).containsExactlyInAnyOrder(a, b, c);
  }

  @Test
  void theAppFilterKeepsOtherAppsOut() {
    String mine = api.create(api.idleWorkflow("stage", "app-mine"));
    api.create(api.idleWorkflow("stage", "app-theirs"));

    Answer answer = api.client.get("/workflows?app_id=app-mine");

    assertThat(ids(answer)).containsExactly(mine);
    assertThat(map(object(answer).get("metadata"))).containsEntry("total", 1L);
  }

  @Test
  void aRepeatedSingleParameterTakesItsLastValue() {
    String mine = api.create(api.idleWorkflow("stage", "app-mine"));
    api.create(api.idleWorkflow("stage", "app-theirs"));

    List<Object> listed =
        ids(api.client.get("/workflows?app_id=app-theirs&app_id=app-mine&limit=0&limit=5"));
    Map<String, Object> counts =
        object(api.client.get("/workflows/counts_by_status?app_id=nobody&app_id=app-mine"));

    assertThat(listed).containsExactly(mine);
    assertThat(counts).containsEntry("PENDING", 1L);
  }

  @Test
  void anEmptyIdMatchesNoWorkflow() {
    String a = api.create(api.idleWorkflow("stage", "app-empty-id"));

    List<Object> withEmpty = ids(api.client.get("/workflows?workflow_id=&workflow_id=" + a));
    Answer onlyEmpty = api.client.get("/workflows?workflow_id=");

    assertThat(withEmpty).containsExactly(a);
    assertThat(onlyEmpty.status()).isEqualTo(200);
    assertThat(ids(onlyEmpty)).isEmpty();
  }

  @Test
  void theStatusFilterTakesTheGroupsOnTheCachedStatus() {
    String done = api.runIntegratedToSuccess();
    String pending = api.create(api.idleWorkflow("p", Samples.APP));

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
  void countsByStatusHaveEveryStandardStatusAndCountOneApp() {
    api.runIntegratedToSuccess();
    api.create(api.idleWorkflow("other", "another-app"));

    Answer answer = api.client.get("/workflows/counts_by_status?app_id=" + Samples.APP);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(api.expected("counts-one-success.json"));
  }

  @Test
  void countsOfAnAppWithoutWorkflowsAreAllZero() {
    api.create(api.idleWorkflow("other", "another-app"));

    Answer answer = api.client.get("/workflows/counts_by_status?app_id=" + Samples.APP);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json()).isEqualTo(api.expected("counts-none.json"));
  }

  @Test
  void uniqueTasksAreTheStepNamesOfTaskRecordsAndNeedAnAppId() {
    api.runIntegratedToSuccess();

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

  private static List<String> newestFirst(List<String> created) {
    List<String> reversed = new ArrayList<>(created);
    java.util.Collections.reverse(reversed);
    return reversed;
  }
}
