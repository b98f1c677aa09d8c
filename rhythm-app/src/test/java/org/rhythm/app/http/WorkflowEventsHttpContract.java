package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.app.http.ApiClient.Answer;
import org.rhythm.domain.json.Json;
import org.rhythm.ports.worker.TaskRegistry;

/**
 * {@code GET /workflows/{id}/events}: the workflow's view as server-sent events, on the adapters a
 * subclass names.
 */
abstract class WorkflowEventsHttpContract {
  private final TestApi api = new TestApi(adapters());

  /** The adapters under the API; each test takes a fresh place from them. */
  protected abstract TestAdapters adapters();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void theStreamSendsTheViewThenEachChangeUntilSuccess() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    api.work(
        Samples.QUEUE,
        new TaskRegistry()
            .register(
                "inspect_dataset",
                c -> {
                  release.await();
                  return List.of(c.args().get(0));
                })
            .register("archive_dataset", c -> List.of(c.args().get(0))));
    String id =
        (String) Answers.object(api.client.post("/workflows", api.integrated())).get("workflow_id");
    HttpResponse<Stream<String>> response = open("/workflows/" + id + "/events", TestKeys.token());
    Iterator<String> lines = response.body().iterator();

    Map<String, Object> first = nextEvent(lines, "workflow");
    release.countDown();
    List<Object> statuses = new ArrayList<>(List.of(first.get("status")));
    CompletableFuture<Void> untilSuccess =
        CompletableFuture.runAsync(
            () -> {
              while (!"SUCCESS".equals(statuses.get(statuses.size() - 1))) {
                statuses.add(nextEvent(lines, "workflow").get("status"));
              }
            });
    untilSuccess.get(30, TimeUnit.SECONDS);
    response.body().close();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(first).containsEntry("id", id).containsKey("steps");
    assertThat(statuses).first().isIn("PENDING", "STARTED");
    assertThat(statuses).last().isEqualTo("SUCCESS");
  }

  @Test
  void anUnknownIdIs404AndNoTokenIs401BeforeAnyStream() {
    Answer unknown = api.client.get("/workflows/nope/events");
    Answer anonymous = api.client.send("GET", "/workflows/nope/events", null, null);

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json()).isEqualTo(Map.of("message", "Workflow with id nope is not found"));
    assertThat(anonymous.status()).isEqualTo(401);
  }

  private HttpResponse<Stream<String>> open(String path, String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api.api.url() + path))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .build();
    return HttpClient.newHttpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .get(10, TimeUnit.SECONDS);
  }

  /** Reads lines up to the next event's data and parses it; the event must have this name. */
  private static Map<String, Object> nextEvent(Iterator<String> lines, String name) {
    String event = null;
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("event: ")) {
        event = line.substring("event: ".length());
      } else if (line.startsWith("data: ")) {
        assertThat(event).isEqualTo(name);
        return Answers.map(Json.parse(line.substring("data: ".length())));
      }
    }
    throw new AssertionError("the stream ended before a " + name + " event");
  }
}
