package org.rhythm.app.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rhythm.adapter.amqp.celery.AmqpSettings;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.config.RhythmConfig;
import org.rhythm.app.http.BearerTokens;
import org.rhythm.app.http.HttpSettings;
import org.rhythm.app.http.WorkflowHttpApi;
import org.rhythm.domain.json.Json;

/**
 * bioloop's use of {@code rhythm server}, end to end: its REST API in this JVM, configured as the
 * command configures it ({@code RHYTHM_STORE=mongo}, {@code RHYTHM_BROKER=amqp}) on
 * mongo-java-server and the RabbitMQ on 127.0.0.1:5672, while real Python Celery 5.2 workers
 * running {@code interop_tasks.py} (sca_rhythm's hooks) do the work. Everything the test does goes
 * through HTTP, as bioloop's Node API does: create, watch the Python task's progress, pause (the
 * task is terminated), resume, success; and a workflow Python code created and ran, listed, counted
 * and viewed. Without RabbitMQ or Debian's python3-celery it fails.
 */
class HttpCeleryStoryIT {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String QUEUE = "http-story." + RUN;
  private static final String AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/";
  private static final String UUID4 =
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
  private static final String DATETIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";

  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static MongoServer mongo;
  private static Path releaseDirectory;
  private static Map<String, String> environment;
  private static CeleryWorker python;
  private static RhythmApp rhythm;
  private static WorkflowHttpApi api;
  private static String token;

  @BeforeAll
  static void start() throws IOException, InterruptedException, NoSuchAlgorithmException {
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind(new InetSocketAddress("127.0.0.1", 0));
    String mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/celery";
    releaseDirectory = Files.createTempDirectory(Path.of("target"), "http-story-release");
    environment =
        Map.of(
            "RHYTHM_AMQP_URL", AMQP_URL,
            "RHYTHM_MONGO_URI", mongoUri,
            "INTEROP_RELEASE_DIR", releaseDirectory.toAbsolutePath().toString());
    python = CeleryWorker.start("py-" + RUN, List.of(QUEUE), environment);
    RhythmConfig config =
        RhythmConfig.of(
            Map.of(
                RhythmConfig.STORE,
                RhythmConfig.MONGO,
                RhythmConfig.MONGO_URI,
                mongoUri,
                RhythmConfig.BROKER,
                RhythmConfig.AMQP,
                AmqpSettings.URL_VARIABLE,
                AMQP_URL));
    rhythm = RhythmMain.create(config.modules().toArray(Module[]::new));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    api =
        new WorkflowHttpApi(
            rhythm.commands(),
            rhythm.queries(),
            HttpSettings.of((RSAPublicKey) keys.getPublic()).withPort(0),
            Clock.systemUTC());
    api.start();
    token =
        BearerTokens.issue(
            (RSAPrivateKey) keys.getPrivate(),
            HttpSettings.DEFAULT_ISSUER,
            "bioloop-dev.sca.iu.edu",
            null,
            Instant.now());
  }

  @AfterAll
  static void stop() throws InterruptedException, IOException, TimeoutException {
    if (api != null) {
      api.close();
    }
    if (rhythm != null) {
      rhythm.close();
    }
    if (python != null) {
      python.close();
    }
    if (mongo != null) {
      mongo.shutdownNow();
    }
    try (Connection connection = new ConnectionFactory().newConnection();
        Channel channel = connection.createChannel()) {
      channel.queueDelete(QUEUE);
      channel.exchangeDelete(QUEUE);
    }
  }

  @Test
  void createWatchProgressPauseResumeAndSucceedThroughHttpWithPythonWorkers() throws IOException {
    Map<String, Object> created =
        object(
            post(
                "/workflows",
                "{\"name\": \"integrated\", \"app_id\": \"bioloop-dev.sca.iu.edu\","
                    + " \"steps\": ["
                    + step("inspect", "interop.py_append")
                    + ", "
                    + step("archive", "interop.py_wait_for_release")
                    + ", "
                    + step("validate", "interop.py_append")
                    + "], \"args\": [\"d\"]}"));
    String id = (String) created.get("workflow_id");
    String path = "/workflows/" + id + "?prev_task_runs=true";

    Map<String, Object> running = await(path, view -> progressDone(view) >= 2);
    Map<String, Object> progressRun = lastRun(running, 1);

    Map<String, Object> paused = object(post("/workflows/" + id + "/pause", "{}"));
    Map<String, Object> revoked =
        await(path, view -> "REVOKED".equals(step(view, 1).get("status")));

    Files.createFile(releaseDirectory.resolve("d-py"));
    Map<String, Object> resumed = object(post("/workflows/" + id + "/resume", "{}"));
    Map<String, Object> done = await(path, view -> "SUCCESS".equals(view.get("status")));

    assertThat(id).matches(UUID4);
    assertThat(running).containsEntry("status", "STARTED").containsEntry("steps_done", 1L);
    assertThat(progressRun)
        .containsEntry("status", "STARTED")
        .containsEntry("args", List.of("d-py"))
        .containsEntry("queue", QUEUE);
    assertThat(progressRun.get("worker")).asString().startsWith("py-" + RUN + "@");
    assertThat(map(progressRun.get("result")))
        .containsEntry("name", "waiting")
        .containsEntry("units", "ticks")
        .containsEntry("total", null);
    assertThat(paused)
        .isEqualTo(
            Map.of(
                "paused",
                true,
                "revoked_step",
                Map.of(
                    "task_id",
                    progressRun.get("_id"),
                    "task",
                    "interop.py_wait_for_release",
                    "name",
                    "archive")));
    assertThat(revoked)
        .containsEntry("status", "REVOKED")
        .containsEntry("paused", true)
        .containsEntry("steps_done", 1L);
    assertThat(lastRun(revoked, 1))
        .containsEntry("_id", progressRun.get("_id"))
        .containsEntry(
            "result",
            Map.of(
                "exc_type", "TaskRevokedError",
                "exc_message", List.of("terminated"),
                "exc_module", "celery.exceptions"));
    assertThat(resumed)
        .isEqualTo(
            Map.of(
                "resumed",
                true,
                "restarted_step",
                Map.of("name", "archive", "task", "interop.py_wait_for_release")));
    assertThat(done)
        .containsEntry("steps_done", 3L)
        .containsEntry("total_steps", 3L)
        .containsEntry("paused", false)
        .containsEntry("resume_lock", null);
    assertThat(lastRun(done, 1))
        .containsEntry("args", List.of("d-py"))
        .containsEntry("result", List.of("d-py-py"));
    assertThat(list(step(done, 1).get("prev_task_runs")))
        .singleElement()
        .satisfies(run -> assertThat(map(run)).containsEntry("_id", progressRun.get("_id")));
    assertThat(lastRun(done, 2))
        .containsEntry("args", List.of("d-py-py"))
        .containsEntry("result", List.of("d-py-py-py", Map.of("step", "validate")));
    assertThat(
            List.of(
                done.get("created_at"),
                done.get("updated_at"),
                lastRun(done, 2).get("date_start"),
                lastRun(done, 2).get("date_done")))
        .allSatisfy(value -> assertThat((String) value).matches(DATETIME));
  }

  @Test
  void aWorkflowPythonCreatedAndRanIsListedCountedAndViewedThroughHttp() throws Exception {
    String appId = "python-app." + RUN;
    Map<String, Object> created =
        Interop.client(
            environment,
            "create",
            Json.write(
                Map.of(
                    "name",
                    "from-python",
                    "app_id",
                    appId,
                    "arg",
                    "p",
                    "steps",
                    List.of(
                        Map.of("name", "one", "task", "interop.py_append", "queue", QUEUE),
                        Map.of("name", "two", "task", "interop.py_append", "queue", QUEUE)))));
    String id = (String) created.get("workflow_id");

    // The cached status, which the Python hook writes last, says SUCCESS: the run is over.
    Map<String, Object> counts =
        await(
            "/workflows/counts_by_status?app_id=" + appId,
            answer -> Long.valueOf(1).equals(answer.get("SUCCESS")));
    Map<String, Object> page = object(get("/workflows?app_id=" + appId));
    Map<String, Object> view = object(get("/workflows/" + id));

    assertThat(counts)
        .isEqualTo(
            Map.of("PENDING", 0L, "STARTED", 0L, "FAILURE", 0L, "REVOKED", 0L, "SUCCESS", 1L));
    assertThat(page.get("metadata")).isEqualTo(Map.of("total", 1L, "limit", 10L, "skip", 0L));
    assertThat(list(page.get("results"))).containsExactly(view);
    assertThat(view)
        .containsEntry("id", id)
        .containsEntry("name", "from-python")
        .containsEntry("app_id", appId)
        .containsEntry("description", null)
        .containsEntry("status", "SUCCESS")
        .containsEntry("steps_done", 2L)
        .containsEntry("total_steps", 2L)
        .containsEntry("resume_lock", null);
    assertThat(list(view.get("steps")))
        .allSatisfy(
            step ->
                assertThat(map(step))
                    .containsOnlyKeys("name", "task", "status", "last_task_run")
                    .containsEntry("status", "SUCCESS"));
    assertThat(lastRun(view, 0))
        .containsEntry("args", List.of("p"))
        .containsEntry("result", List.of("p-py", Map.of("step", "one")));
    assertThat(lastRun(view, 1))
        .containsEntry("args", List.of("p-py"))
        .containsEntry("kwargs", Map.of("workflow_id", id, "step", "two", "app_id", appId))
        .containsEntry("result", List.of("p-py-py", Map.of("step", "two")));
  }

  private static String step(String name, String task) {
    return "{\"name\": \""
        + name
        + "\", \"task\": \""
        + task
        + "\", \"queue\": \""
        + QUEUE
        + "\", \"kwargs\": null}";
  }

  /** Polls {@code GET path} until the view satisfies the condition; returns that view. */
  private static Map<String, Object> await(String path, Predicate<Map<String, Object>> condition) {
    return Interop.await("GET " + path, () -> object(get(path)), condition, python);
  }

  private static double progressDone(Map<String, Object> view) {
    Object run = step(view, 1).get("last_task_run");
    if (!(run instanceof Map<?, ?> record)
        || !(record.get("result") instanceof Map<?, ?> result)
        || !(result.get("done") instanceof Number done)) {
      return -1;
    }
    return done.doubleValue();
  }

  private static Map<String, Object> step(Map<String, Object> view, int index) {
    return map(list(view.get("steps")).get(index));
  }

  private static Map<String, Object> lastRun(Map<String, Object> view, int index) {
    return map(step(view, index).get("last_task_run"));
  }

  private static HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  private static HttpResponse<String> post(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(api.url() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token);
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as("%s %s answered %s", request.method(), request.uri(), response.body())
          .isEqualTo(200);
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Map<String, Object> object(HttpResponse<String> response) {
    return map(Json.parse(response.body()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }
}
