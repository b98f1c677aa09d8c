package org.rhythm.app.dashboard;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.http.BearerTokens;
import org.rhythm.app.http.HttpSettings;
import org.rhythm.app.http.WorkflowHttpApi;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.worker.Progress;
import org.rhythm.ports.worker.TaskContext;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * What {@code rhythm server} runs, in this JVM on the in-memory adapters, plus a Java worker with
 * four tasks: one that returns at once, one that fails, one that waits for {@link #go()}, and a
 * transfer that reports its progress and holds before its last file until {@link #openGate()}, so
 * that a browser can watch it move and pause it before it ends.
 */
final class DashboardServer implements AutoCloseable {
  static final String APP = "dashboard-test";
  static final String QUEUE = "dashboard.q";
  private static final String ISSUER = "rhythm-dashboard-test";
  private static final int TRANSFER_FILES = 40;
  private static final KeyPair KEYS = keys();
  private static final KeyPair STRANGER = keys();

  private final CountDownLatch go = new CountDownLatch(1);
  private final CountDownLatch gate = new CountDownLatch(1);
  private final RhythmApp app = RhythmMain.inMemory();
  private final WorkflowHttpApi api;

  DashboardServer() {
    app.startWorker(WorkerSettings.of("dash@test", List.of(QUEUE), 4), tasks());
    api =
        new WorkflowHttpApi(
            app.commands(),
            app.queries(),
            HttpSettings.of((RSAPublicKey) KEYS.getPublic()).withPort(0).withIssuer(ISSUER),
            Clock.systemUTC());
    api.start();
  }

  /** The dashboard's address. */
  String url() {
    return api.url() + "/";
  }

  /** A token this server accepts. */
  static String token() {
    return token(KEYS);
  }

  /** A well-formed token signed by a key this server does not know. */
  static String strangersToken() {
    return token(STRANGER);
  }

  /** A started workflow of these steps, each a task of this server's worker. */
  WorkflowId start(String name, String... stepsAndTasks) {
    StepSpec[] steps = new StepSpec[stepsAndTasks.length / 2];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = StepSpec.of(stepsAndTasks[2 * i], stepsAndTasks[2 * i + 1]).onQueue(QUEUE);
    }
    WorkflowId id =
        app.commands().create(new WorkflowSpec(name, APP, "made by DashboardIT", List.of(steps)));
    app.commands().start(id, List.of("batch-7"), Map.of());
    return id;
  }

  /** Waits, up to a deadline, until the workflow's view satisfies the condition. */
  WorkflowView await(WorkflowId id, Predicate<WorkflowView> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    WorkflowView view = app.queries().view(id, ViewOptions.DEFAULT);
    while (!condition.test(view)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("workflow " + id + " is still " + view.status());
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      view = app.queries().view(id, ViewOptions.DEFAULT);
    }
    return view;
  }

  /** Ends every wait, under way or to come. */
  void go() {
    go.countDown();
  }

  /** Lets every transfer, held or to come, run to its end, fast. */
  void openGate() {
    gate.countDown();
  }

  @Override
  public void close() {
    go();
    openGate();
    try {
      api.close();
    } finally {
      app.close();
    }
  }

  private TaskRegistry tasks() {
    return new TaskRegistry()
        .register("dash.quick", context -> List.of(context.args().get(0)))
        .register(
            "dash.fail",
            context -> {
              throw new IllegalStateException("checksum mismatch in " + context.args().get(0));
            })
        .register(
            "dash.wait",
            context -> {
              go.await();
              return List.of(context.args().get(0));
            })
        .register("dash.transfer", this::transfer);
  }

  /**
   * Copies 40 files, reporting each, slowly while the gate is shut; then holds before the last one
   * until the gate opens or the run is revoked.
   */
  private List<Object> transfer(TaskContext context) throws InterruptedException {
    Progress progress = context.progress("copy", (double) TRANSFER_FILES, "files");
    for (int file = 1; file <= TRANSFER_FILES; file++) {
      if (file == TRANSFER_FILES) {
        gate.await();
      }
      Thread.sleep(gate.getCount() == 0 ? 20 : 200);
      progress.update(file);
    }
    return List.of(context.args().get(0));
  }

  private static String token(KeyPair keys) {
    return BearerTokens.issue(
        (RSAPrivateKey) keys.getPrivate(), ISSUER, "operator@example.org", null, Instant.now());
  }

  private static KeyPair keys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
