package org.rhythm.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.config.RhythmConfig;
import org.rhythm.app.http.ApiClient.Answer;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.WorkflowQueries;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * The API on a free port over Rhythm wired as {@code rhythm server} wires it, on a fresh place of
 * the given adapters, with a clock that stands still and numbered ids so that answers are the same
 * in every run. Queue names in requests and samples are the test's names; {@link #queue} gives the
 * real one.
 */
final class TestApi implements AutoCloseable {
  static final Instant NOW = Instant.parse("2024-01-05T14:03:22.123Z");

  final SettableClock clock = new SettableClock(NOW);
  final TestAdapters.Place place;
  final RhythmApp rhythm;
  final WorkflowHttpApi api;
  final ApiClient client;

  TestApi(TestAdapters adapters, HttpSettings settings) {
    place = adapters.next();
    rhythm =
        RhythmMain.create(
            Modules.override(RhythmConfig.of(place.configuration()).modules())
                .with(fixed(clock, new NumberedIds(place.idPrefix()))));
    try {
      api = new WorkflowHttpApi(rhythm.commands(), rhythm.queries(), settings, Clock.systemUTC());
      api.start();
    } catch (RuntimeException e) {
      rhythm.close();
      throw e;
    }
    client = new ApiClient(api.url(), TestKeys.token());
  }

  TestApi(TestAdapters adapters) {
    this(adapters, settings());
  }

  /** The settings of the test key and issuer, on a free port. */
  static HttpSettings settings() {
    return HttpSettings.of(TestKeys.publicKey()).withPort(0).withIssuer(TestKeys.ISSUER);
  }

  WorkflowQueries queries() {
    return rhythm.queries();
  }

  /** The real name of the queue a test calls {@code name}. */
  String queue(String name) {
    return place.queue(name);
  }

  /** The n-th id handed out, workflows and tasks counted together from 1. */
  String id(long n) {
    return NumberedIds.number(place.idPrefix(), n);
  }

  /** {@link Samples#integrated} on this place's queue. */
  String integrated() {
    return Samples.integrated(queue(Samples.QUEUE));
  }

  /** {@link Samples#workflow} on a queue no worker takes from. */
  String idleWorkflow(String name, String appId) {
    return Samples.workflow(name, appId, queue("idle"));
  }

  /** A JSON sample, with this place's queue names and ids in place of the sample's. */
  Object expected(String sample) {
    return Samples.json(
        sample,
        text ->
            text.replace("\"" + Samples.QUEUE + "\"", "\"" + queue(Samples.QUEUE) + "\"")
                .replace(InMemoryAdapters.ID_PREFIX, place.idPrefix()));
  }

  /** Creates a workflow through the API; returns its id. */
  String create(String body) {
    Answer answer = client.post("/workflows", body);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return (String) Answers.object(answer).get("workflow_id");
  }

  /**
   * Runs {@link #integrated} on a Java worker until it succeeded and its cached status says so too,
   * the last write of a workflow's run; returns its id.
   */
  String runIntegratedToSuccess() {
    work(
        Samples.QUEUE,
        new TaskRegistry()
            .register("inspect_dataset", c -> List.of(c.args().get(0)))
            .register("archive_dataset", c -> List.of(c.args().get(0), List.of())));
    String id = create(integrated());
    assertThat(
            Samples.await(
                () ->
                    Answers.ids(client.get("/workflows?status=SUCCESS&workflow_id=" + id))
                        .contains(id)))
        .as("workflow %s succeeds", id)
        .isTrue();
    return id;
  }

  /** Runs these tasks from {@code queue} on a Java worker named {@code w1@test}. */
  void work(String queue, TaskRegistry tasks) {
    rhythm.startWorker(WorkerSettings.of("w1@test", List.of(queue(queue)), 2), tasks);
  }

  @Override
  public void close() {
    try {
      api.close();
    } finally {
      rhythm.close();
    }
  }

  private static Module fixed(Clock clock, Ids ids) {
    return new AbstractModule() {
      @Provides
      @Singleton
      Clock clock() {
        return clock;
      }

      @Provides
      @Singleton
      Ids ids() {
        return ids;
      }
    };
  }

  /** Ids {@code <prefix>00000000000n}, workflows and tasks from one sequence. */
  static final class NumberedIds implements Ids {
    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    NumberedIds(String prefix) {
      this.prefix = prefix;
    }

    static String number(String prefix, long n) {
      return prefix + String.format("%012d", n);
    }

    @Override
    public TaskId newTaskId() {
      return TaskId.of(number(prefix, next.incrementAndGet()));
    }

    @Override
    public WorkflowId newWorkflowId() {
      return WorkflowId.of(number(prefix, next.incrementAndGet()));
    }
  }
}
