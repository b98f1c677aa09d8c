package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rhythm.app.http.WorkflowReadsHttpTest.list;
import static org.rhythm.app.http.WorkflowReadsHttpTest.map;
import static org.rhythm.app.http.WorkflowReadsHttpTest.object;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.http.ApiClient.Answer;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * A workflow driven only through HTTP, as bioloop's UI drives it, run by Java workers of the same
 * {@link RhythmApp}: create, watch progress, pause, resume, success.
 */
class HttpStoryTest {
  private static final String BODY =
      "{\"name\": \"integrated\", \"app_id\": \"story\", \"steps\": ["
          + "{\"name\": \"inspect\", \"task\": \"inspect_dataset\", \"queue\": \"story.q\"},"
          + "{\"name\": \"archive\", \"task\": \"archive_dataset\", \"queue\": \"story.q\"},"
          + "{\"name\": \"validate\", \"task\": \"validate_dataset\", \"queue\": \"story.q\"}],"
          + " \"args\": [7]}";

  @Test
  void createWatchPauseResumeAndSucceedThroughHttp() {
    CountDownLatch release = new CountDownLatch(1);
    try (RhythmApp rhythm = RhythmMain.inMemory();
        WorkflowHttpApi api =
            new WorkflowHttpApi(
                rhythm.commands(),
                rhythm.queries(),
                HttpSettings.of(TestKeys.publicKey()).withPort(0).withIssuer(TestKeys.ISSUER),
                Clock.systemUTC())) {
      rhythm.startWorker(
          WorkerSettings.of("story@test", List.of("story.q"), 2),
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
      api.start();
      ApiClient client = new ApiClient(api.url(), TestKeys.token());

      String id = (String) object(client.post("/workflows", BODY)).get("workflow_id");
      String path = "/workflows/" + id + "?prev_task_runs=true";
      assertThat(Samples.await(() -> archiveFractionDone(client.get(path)) != null))
          .as("the archive step's progress shows")
          .isTrue();
      Map<String, Object> running = object(client.get(path));

      Answer paused = client.post("/workflows/" + id + "/pause", "{}");
      assertThat(Samples.await(() -> "REVOKED".equals(object(client.get(path)).get("status"))))
          .isTrue();
      release.countDown();
      Answer resumed = client.post("/workflows/" + id + "/resume", "{}");
      assertThat(Samples.await(() -> "SUCCESS".equals(object(client.get(path)).get("status"))))
          .isTrue();
      Map<String, Object> done = object(client.get(path));

      assertThat(running).containsEntry("status", "STARTED").containsEntry("steps_done", 1L);
      assertThat(archiveFractionDone(running)).isEqualTo(0.4);
      assertThat(map(paused.json())).containsEntry("paused", true);
      assertThat(map(map(paused.json()).get("revoked_step"))).containsEntry("name", "archive");
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
      Map<String, Object> archive = map(list(done.get("steps")).get(1));
      assertThat(map(archive.get("last_task_run"))).containsEntry("result", List.of(7L));
      assertThat(list(archive.get("prev_task_runs")))
          .singleElement()
          .satisfies(run -> assertThat(map(run)).containsEntry("status", "REVOKED"));
    }
  }

  private static Object archiveFractionDone(Answer answer) {
    return archiveFractionDone(object(answer));
  }

  private static Object archiveFractionDone(Map<String, Object> view) {
    Map<String, Object> archive = map(list(view.get("steps")).get(1));
    if (!(archive.get("last_task_run") instanceof Map<?, ?> run)
        || !(run.get("result") instanceof Map<?, ?> result)) {
      return null;
    }
    return result.get("fraction_done");
  }
}
