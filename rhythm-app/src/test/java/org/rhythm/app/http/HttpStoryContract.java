package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rhythm.app.http.Answers.list;
import static org.rhythm.app.http.Answers.map;
import static org.rhythm.app.http.Answers.object;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.app.http.ApiClient.Answer;
import org.rhythm.ports.worker.TaskRegistry;

/**
 * A workflow driven only through HTTP, as bioloop's UI drives it, run by Java workers of the same
 * Rhythm on the adapters a subclass names: create, watch progress, pause, resume, success.
 */
abstract class HttpStoryContract {
  private final TestApi api = new TestApi(adapters());

  /** The adapters under the API. */
  protected abstract TestAdapters adapters();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void createWatchPauseResumeAndSucceedThroughHttp() {
    CountDownLatch release = new CountDownLatch(1);
    api.work(
        "story.q",
        new TaskRegistry()
            .register("inspect_dataset", c -> List.of(c.args().get(0)))
            .register(
                "archive_dataset",
                c -> {
                  c.progress("tar", 10.0, "bytes").update(4);
                  release.await();
                  return List.of(c.args().get(0));
                })
            .register("validate_dataset", c -> List.of(c.args().get(0), List.of())));
    ApiClient client = api.client;

    String id = (String) object(client.post("/workflows", body())).get("workflow_id");
    String path = "/workflows/" + id + "?prev_task_runs=true";
    assertThat(Samples.await(() -> archiveFractionDone(client.get(path)) != null))
        .as("the archive step's progress shows")
        .isTrue();
    Map<String, Object> running = object(client.get(path));

    Answer paused = client.post("/workflows/" + id + "/pause", "{}");
    // The task stops when the revocation reaches its worker, a moment after the answer.
    assertThat(
            Samples.await(() -> "REVOKED".equals(archive(object(client.get(path))).get("status"))))
        .as("the archive task is terminated")
        .isTrue();
    Map<String, Object> whilePaused = object(client.get(path));
    release.countDown();
    Answer resumed = client.post("/workflows/" + id + "/resume", "{}");
    assertThat(Samples.await(() -> "SUCCESS".equals(object(client.get(path)).get("status"))))
        .isTrue();
    Map<String, Object> done = object(client.get(path));

    assertThat(running).containsEntry("status", "STARTED").containsEntry("steps_done", 1L);
    assertThat(archiveFractionDone(running)).isEqualTo(0.4);
    assertThat(map(paused.json())).containsEntry("paused", true);
    assertThat(map(map(paused.json()).get("revoked_step"))).containsEntry("name", "archive");
    assertThat(whilePaused).containsEntry("status", "REVOKED").containsEntry("paused", true);
    assertThat(resumed.json())
        .isEqualTo(
            Map.of(
                "resumed",
                true,
                "restarted_step",
                Map.of("name", "archive", "task", "archive_dataset")));
    assertThat(done)
        .containsEntry("steps_done", 3L)
        .containsEntry("total_steps", 3L)
        .containsEntry("paused", false)
        .containsEntry("resume_lock", null);
    Map<String, Object> archive = archive(done);
    assertThat(map(archive.get("last_task_run"))).containsEntry("result", List.of(7L));
    assertThat(list(archive.get("prev_task_runs")))
        .singleElement()
        .satisfies(run -> assertThat(map(run)).containsEntry("status", "REVOKED"));
  }

  private String body() {
    String queue = api.queue("story.q");
    return "{\"name\": \"integrated\", \"app_id\": \"story\", \"steps\": ["
        + "{\"name\": \"inspect\", \"task\": \"inspect_dataset\", \"queue\": \""
        + queue
        + "\"},"
        + "{\"name\": \"archive\", \"task\": \"archive_dataset\", \"queue\": \""
        + queue
        + "\"},"
        + "{\"name\": \"validate\", \"task\": \"validate_dataset\", \"queue\": \""
        + queue
        + "\"}], \"args\": [7]}";
  }

  private static Object archiveFractionDone(Answer answer) {
    return archiveFractionDone(object(answer));
  }

  private static Map<String, Object> archive(Map<String, Object> view) {
    return map(list(view.get("steps")).get(1));
  }

  private static Object archiveFractionDone(Map<String, Object> view) {
    Map<String, Object> archive = archive(view);
    if (!(archive.get("last_task_run") instanceof Map<?, ?> run)
        || !(run.get("result") instanceof Map<?, ?> result)) {
      return null;
    }
    return result.get("fraction_done");
  }
}
