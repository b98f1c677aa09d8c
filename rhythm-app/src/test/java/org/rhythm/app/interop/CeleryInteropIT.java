package org.rhythm.app.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rhythm.adapter.amqp.celery.AmqpCeleryBroker;
import org.rhythm.adapter.amqp.celery.AmqpSettings;
import org.rhythm.adapter.mongo.MongoSettings;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.wiring.CoreModule;
import org.rhythm.app.wiring.MongoModule;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.TaskRunView;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.worker.TaskContext;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * Java workers and real Python Celery 5.2 workers in the same workflows (DESIGN.md §5): RabbitMQ on
 * 127.0.0.1:5672, mongo-java-server in this JVM as the shared MongoDB, a Python worker running
 * {@code interop_tasks.py} (sca_rhythm's hooks) on one queue, a Rhythm Java worker on another.
 * Without RabbitMQ or Debian's python3-celery the tests fail; they never skip.
 */
class CeleryInteropIT {
  private static final ViewOptions ALL_RUNS = new ViewOptions(true, true);
  private static final String APP_ID = "interop.example";

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String PYTHON_QUEUE = "interop.py." + RUN;
  private static final String JAVA_QUEUE = "interop.java." + RUN;
  private static final String DEAD_LETTERS = "interop.dead-letter." + RUN;
  private static final int MAX_MESSAGE_BYTES = 64 * 1024;

  /** Releases of the Java waiting task, by argument. */
  private static final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();

  private static MongoServer mongo;
  private static Path releaseDirectory;
  private static Map<String, String> environment;
  private static CeleryWorker python;
  private static RhythmApp rhythm;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    mongo = new MongoServer(new MemoryBackend());
    mongo.bind(new InetSocketAddress("127.0.0.1", 0));
    String mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/interop";
    String amqpUrl = "amqp://guest:guest@127.0.0.1:5672/";
    releaseDirectory = Files.createTempDirectory(Path.of("target"), "interop-release");
    environment =
        Map.of(
            "RHYTHM_AMQP_URL", amqpUrl,
            "RHYTHM_MONGO_URI", mongoUri,
            "INTEROP_RELEASE_DIR", releaseDirectory.toAbsolutePath().toString());
    python = CeleryWorker.start("py-" + RUN, List.of(PYTHON_QUEUE), environment);
    rhythm =
        RhythmMain.create(
            new CoreModule(),
            amqpBroker(
                AmqpSettings.fromEnvironment(environment)
                    .withDeadLetterQueue(DEAD_LETTERS)
                    .withMaxMessageBytes(MAX_MESSAGE_BYTES)),
            new MongoModule(MongoSettings.of(mongoUri)));
    rhythm.startWorker(WorkerSettings.of("java-" + RUN, List.of(JAVA_QUEUE), 2), javaTasks());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (rhythm != null) {
      rhythm.close();
    }
    if (python != null) {
      python.close();
    }
    if (mongo != null) {
      mongo.shutdownNow();
    }
    deleteQueuesAndExchanges();
  }

  /** RabbitMQ outlives the test: what it declared there goes. */
  private static void deleteQueuesAndExchanges() {
    try (Connection connection = new ConnectionFactory().newConnection();
        Channel channel = connection.createChannel()) {
      for (String queue : List.of(PYTHON_QUEUE, JAVA_QUEUE, DEAD_LETTERS)) {
        channel.queueDelete(queue);
        channel.exchangeDelete(queue);
      }
    } catch (IOException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("could not clean up RabbitMQ", e);
    }
  }

  @Test
  void stepsAlternatingBetweenPythonAndJavaWorkersRunToSuccessPassingTheirResultsOn() {
    WorkflowId id = startInRhythm("a", python("one"), java("two"), python("three"), java("four"));

    WorkflowView done = awaitView(id, view -> view.status().equals(WorkflowStatus.SUCCESS));

    assertThat(done.steps())
        .allSatisfy(step -> assertThat(step.prevTaskRuns()).isEmpty())
        .extracting(step -> step.lastTaskRun().record().result())
        .containsExactly(
            List.of("a-py", Map.of("step", "one")),
            List.of("a-py-java"),
            List.of("a-py-java-py", Map.of("step", "three")),
            List.of("a-py-java-py-java"));
    assertThat(lastRecord(done, 0).worker()).startsWith("py-" + RUN);
    assertThat(lastRecord(done, 1).worker()).isEqualTo("java-" + RUN);
  }

  @Test
  void aWorkflowCreatedByPythonIsAdvancedByJavaWorkers() throws Exception {
    Map<String, Object> created =
        Interop.client(
            environment,
            "create",
            Json.write(
                Map.of(
                    "name",
                    "from-python",
                    "app_id",
                    APP_ID,
                    "arg",
                    "b",
                    "steps",
                    List.of(
                        Map.of("name", "one", "task", "interop.java_append", "queue", JAVA_QUEUE),
                        Map.of(
                            "name", "two", "task", "interop.java_append", "queue", JAVA_QUEUE)))));
    WorkflowId id = WorkflowId.of((String) created.get("workflow_id"));

    WorkflowView done = awaitView(id, view -> view.status().equals(WorkflowStatus.SUCCESS));

    assertThat(lastRecord(done, 1).result()).isEqualTo(List.of("b-java-java"));
    assertThat(lastRecord(done, 1).worker()).isEqualTo("java-" + RUN);
  }

  @Test
  void aWorkflowCreatedByRhythmIsAdvancedByPythonWorkers() {
    WorkflowId id = startInRhythm("c", python("one"), python("two"));

    WorkflowView done = awaitView(id, view -> view.status().equals(WorkflowStatus.SUCCESS));

    assertThat(lastRecord(done, 1).result()).isEqualTo(List.of("c-py-py", Map.of("step", "two")));
    assertThat(lastRecord(done, 1).worker()).startsWith("py-" + RUN);
  }

  @Test
  void pauseTerminatesARunningPythonTaskWhoseProgressRhythmReadsAndResumeRerunsIt()
      throws IOException {
    WorkflowId id = startInRhythm("d", java("one"), pythonWaiting("two"), java("three"));
    WorkflowView running = awaitView(id, view -> progressDone(view, 1) >= 2);
    TaskRecord progress = lastRecord(running, 1);
    assertThat(progress.state()).isEqualTo(TaskState.STARTED);
    assertThat(progress.result())
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("name", "waiting")
        .containsEntry("units", "ticks");

    PauseResult paused = rhythm.commands().pause(id);

    assertThat(paused.paused()).isTrue();
    assertThat(paused.revokedStep())
        .hasValueSatisfying(step -> assertThat(step.name()).isEqualTo("two"));
    WorkflowView revoked = awaitView(id, view -> lastState(view, 1).equals(TaskState.REVOKED));
    assertThat(revoked.status()).isEqualTo(WorkflowStatus.REVOKED);
    assertThat(lastRecord(revoked, 1).result())
        .isEqualTo(
            Map.of(
                "exc_type", "TaskRevokedError",
                "exc_message", List.of("terminated"),
                "exc_module", "celery.exceptions"));

    Files.createFile(releaseDirectory.resolve("d-java"));
    ResumeResult resumed = rhythm.commands().resume(id, false, null);

    assertThat(resumed.resumed()).isTrue();
    WorkflowView done = awaitView(id, view -> view.status().equals(WorkflowStatus.SUCCESS));
    assertThat(lastRecord(done, 2).result()).isEqualTo(List.of("d-java-py-java"));
    StepView second = done.steps().get(1);
    assertThat(second.prevTaskRuns()).hasSize(1);
    assertThat(second.lastTaskRun().record().args()).isEqualTo(List.of("d-java"));
  }

  @Test
  void pauseTerminatesARunningJavaTaskWhoseProgressPythonReadsAndResumeRerunsIt() throws Exception {
    WorkflowId id = startInRhythm("e", python("one"), javaWaiting("two"), python("three"));
    WorkflowView running = awaitView(id, view -> progressDone(view, 1) >= 1);
    String taskId = lastRecord(running, 1).taskId().value();

    Map<String, Object> seenByPython = Interop.client(environment, "info", taskId);

    assertThat(seenByPython).containsEntry("state", "STARTED");
    assertThat(seenByPython.get("info"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("name", "waiting")
        .containsKey("done");

    assertThat(rhythm.commands().pause(id).paused()).isTrue();
    WorkflowView revoked = awaitView(id, view -> lastState(view, 1).equals(TaskState.REVOKED));
    assertThat(revoked.status()).isEqualTo(WorkflowStatus.REVOKED);
    assertThat(Interop.client(environment, "info", taskId))
        .containsEntry("state", "REVOKED")
        .containsEntry(
            "info", Map.of("exception", "TaskRevokedError", "args", List.of("terminated")));

    release("e-py");
    assertThat(rhythm.commands().resume(id, false, null).resumed()).isTrue();

    WorkflowView done = awaitView(id, view -> view.status().equals(WorkflowStatus.SUCCESS));
    assertThat(lastRecord(done, 2).result())
        .isEqualTo(List.of("e-py-java-py", Map.of("step", "three")));
    assertThat(done.steps().get(1).lastTaskRun().record().args()).isEqualTo(List.of("e-py"));
  }

  @Test
  void malformedMessagesLeaveTheJavaWorkerAndTheWorkflowsAsTheyWere() throws Exception {
    WorkflowId finished = startInRhythm("f", java("one"));
    // Settled: the last transition, made after the task's record, is stored too.
    WorkflowView before =
        awaitView(
            finished,
            view ->
                view.status().equals(WorkflowStatus.SUCCESS)
                    && !view.updatedAt().isBefore(lastRecord(view, 0).dateDone()));
    String naming = "{\"workflow_id\": \"" + finished.value() + "\", \"step\": \"one\"}";

    try (Connection connection = new ConnectionFactory().newConnection();
        Channel channel = connection.createChannel()) {
      publishRaw(channel, "application/json", "[[\"x\"], " + naming + "]");
      publishRaw(channel, "application/json", "not json at all");
      publishRaw(channel, "application/x-python-serialize", "\u0080\u0004K\u0001.");
      publishRaw(channel, "application/x-yaml", "- [x]\n- " + naming);
      publishRaw(
          channel,
          "application/json",
          "[[\"" + "x".repeat(MAX_MESSAGE_BYTES) + "\"], " + naming + ", {}]");
    }
    WorkflowId after = startInRhythm("g", java("one"), java("two"));

    WorkflowView done = awaitView(after, view -> view.status().equals(WorkflowStatus.SUCCESS));
    assertThat(lastRecord(done, 1).result()).isEqualTo(List.of("g-java-java"));
    assertThat(rhythm.queries().view(finished, ALL_RUNS)).isEqualTo(before);
  }

  @Test
  void aTaskNoWorkerRegisteredFailsAsCeleryRecordsIt() {
    WorkflowId id =
        startInRhythm("h", StepSpec.of("one", "interop.not_registered").onQueue(JAVA_QUEUE));

    WorkflowView failed = awaitView(id, view -> view.status().equals(WorkflowStatus.FAILURE));

    assertThat(lastRecord(failed, 0).result())
        .isEqualTo(
            Map.of(
                "exc_type", "NotRegistered",
                "exc_message", List.of("interop.not_registered"),
                "exc_module", "celery.exceptions"));
  }

  /**
   * Publishes a message that no Celery peer could have sent, with a task header naming a Java task.
   */
  private static void publishRaw(Channel channel, String contentType, String body)
      throws IOException {
    String id = UUID.randomUUID().toString();
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType(contentType)
            .contentEncoding("utf-8")
            .deliveryMode(2)
            .priority(0)
            .correlationId(id)
            .headers(Map.of("lang", "py", "task", "interop.java_append", "id", id))
            .build();
    channel.basicPublish("", JAVA_QUEUE, properties, body.getBytes(StandardCharsets.UTF_8));
  }

  private static Module amqpBroker(AmqpSettings settings) {
    return new AbstractModule() {
      @Provides
      @Singleton
      Broker broker() {
        return new AmqpCeleryBroker(settings);
      }
    };
  }

  private static TaskRegistry javaTasks() {
    return new TaskRegistry()
        .register("interop.java_append", context -> List.of(argument(context) + "-java"))
        .register("interop.java_wait_for_release", CeleryInteropIT::waitForRelease);
  }

  /** Reports progress every 0.2 s until the test releases its argument, then appends '-java'. */
  private static List<Object> waitForRelease(TaskContext context) throws InterruptedException {
    String value = argument(context);
    CountDownLatch release = releases.computeIfAbsent(value, any -> new CountDownLatch(1));
    var progress = context.progress("waiting", null, "ticks");
    int done = 0;
    while (!release.await(200, TimeUnit.MILLISECONDS)) {
      progress.update(++done);
    }
    return List.of(value + "-java");
  }

  private static void release(String value) {
    releases.computeIfAbsent(value, any -> new CountDownLatch(1)).countDown();
  }

  private static String argument(TaskContext context) {
    return (String) context.args().get(0);
  }

  private static WorkflowId startInRhythm(String argument, StepSpec... steps) {
    WorkflowId id = rhythm.commands().create(WorkflowSpec.of("interop", APP_ID, steps));
    rhythm.commands().start(id, List.of(argument), Map.of());
    return id;
  }

  private static StepSpec python(String name) {
    return StepSpec.of(name, "interop.py_append").onQueue(PYTHON_QUEUE);
  }

  private static StepSpec pythonWaiting(String name) {
    return StepSpec.of(name, "interop.py_wait_for_release").onQueue(PYTHON_QUEUE);
  }

  private static StepSpec java(String name) {
    return StepSpec.of(name, "interop.java_append").onQueue(JAVA_QUEUE);
  }

  private static StepSpec javaWaiting(String name) {
    return StepSpec.of(name, "interop.java_wait_for_release").onQueue(JAVA_QUEUE);
  }

  private static WorkflowView awaitView(WorkflowId id, Predicate<WorkflowView> condition) {
    return Interop.await(
        "workflow " + id, () -> rhythm.queries().view(id, ALL_RUNS), condition, python);
  }

  private static TaskRecord lastRecord(WorkflowView view, int step) {
    TaskRunView run = view.steps().get(step).lastTaskRun();
    assertThat(run).as("last run of step %d of %s", step, view).isNotNull();
    return run.record();
  }

  private static TaskState lastState(WorkflowView view, int step) {
    TaskRunView run = view.steps().get(step).lastTaskRun();
    return run == null || run.record() == null ? TaskState.PENDING : run.record().state();
  }

  private static double progressDone(WorkflowView view, int step) {
    TaskRunView run = view.steps().get(step).lastTaskRun();
    if (run == null
        || run.record() == null
        || !(run.record().result() instanceof Map<?, ?> result)
        || !(result.get("done") instanceof Number done)) {
      return -1;
    }
    return done.doubleValue();
  }
}
