package org.rhythm.app.bench;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.adapter.mongo.MongoResultStore;
import org.rhythm.adapter.mongo.MongoSettings;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Connectable;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.Worker;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * Runs the bench on the chosen broker and store: N workflows of S steps of a no-op task that
 * returns its argument plus one, started one after the other by one client as fast as it can
 * (saturation), then audits the store.
 */
public final class Bench {
  static final String TASK = "bench.noop";
  private static final Duration DEADLINE = Duration.ofMinutes(10);

  /** The MongoDB {@code rhythm bench --store mongo} uses instead of one of its own. */
  public static final String MONGO_URI_VARIABLE = "RHYTHM_MONGO_URI";

  /** The bench's database, kept apart from a production {@code celery}. */
  static final String MONGO_DATABASE = "rhythm_bench";

  private static final String LOOPBACK = "127.0.0.1";

  private Bench() {}

  /**
   * Runs the warm-up, then the measured run, and reports the measured one. With the MongoDB store
   * the bench uses the server {@value #MONGO_URI_VARIABLE} names and, when it is unset, starts
   * mongo-java-server inside this process for the run (DESIGN.md §7).
   */
  public static BenchReport run(BenchSettings settings) {
    if (!settings.store().equals(BenchSettings.MONGO)) {
      return warmUpAndRun(settings, null);
    }
    String configured = System.getenv(MONGO_URI_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return warmUpAndRun(settings, configured);
    }
    MongoServer server = new MongoServer(new IdLookupMemoryBackend());
    try {
      server.bind(LOOPBACK, 0);
      return warmUpAndRun(
          settings, "mongodb://" + LOOPBACK + ":" + server.getLocalAddress().getPort());
    } finally {
      server.shutdownNow();
    }
  }

  /**
   * The warm-up and the measured run, on MongoDB at {@code mongoUri} or, when null, in memory. Both
   * run on one store, broker and worker, as in a worker process that has been running for a while:
   * the measured run starts on warm connections, threads and caches, with nothing of the warm-up
   * still being torn down. Round trips are the driver's commands on MongoDB, else the calls made to
   * the store.
   */
  private static BenchReport warmUpAndRun(BenchSettings settings, String mongoUri) {
    CommandCount commands = new CommandCount();
    ResultStore raw =
        mongoUri == null
            ? new InMemoryResultStore()
            : new MongoResultStore(new MongoSettings(mongoUri, MONGO_DATABASE), List.of(commands));
    try {
      if (raw instanceof Connectable connectable) {
        connectable.start();
      }
      return warmUpAndRun(settings, raw, mongoUri == null ? null : commands);
    } finally {
      if (raw instanceof MongoResultStore mongo) {
        mongo.close();
      }
    }
  }

  private static BenchReport warmUpAndRun(
      BenchSettings settings, ResultStore raw, CommandCount commands) {
    CountingResultStore store = new CountingResultStore(raw);
    try (BenchBroker bench = BenchBroker.open(settings.broker())) {
      Broker broker = bench.broker();
      WorkflowService service =
          new WorkflowService(
              store,
              broker,
              Clock.systemUTC(),
              Ids.random(),
              ServiceSettings.DEFAULTS.withDefaultQueue(bench.queue()));
      TaskRegistry tasks =
          new TaskRegistry()
              .register(TASK, context -> List.of(((Number) context.args().get(0)).longValue() + 1));
      WorkerSettings workerSettings =
          WorkerSettings.of("bench@" + hostName(), List.of(bench.queue()), settings.concurrency())
              .withPrefetch(settings.prefetch());
      try (Worker worker = new Worker(broker, service, tasks, workerSettings, Clock.systemUTC())) {
        worker.start();
        // The warm-up runs as the measured run does, so that the JIT has compiled the code that
        // run takes: one workflow alone follows other paths than thousands at once.
        for (BenchSettings round : settings.warmupRounds()) {
          BenchReport warmup = runOnce(round, service, store, raw, commands);
          if (warmup.hasAnomalies()) {
            throw new IllegalStateException(
                "the warm-up's outcome check found anomalies in a round of "
                    + round.workflows()
                    + " workflows, so the measured run did not start: "
                    + warmup.anomalies());
          }
        }
        return runOnce(settings, service, store, raw, commands);
      }
    }
  }

  /** Creates the run's workflows, starts them all, waits for them to succeed and audits them. */
  private static BenchReport runOnce(
      BenchSettings settings,
      WorkflowService service,
      CountingResultStore store,
      ResultStore raw,
      CommandCount commands) {
    List<WorkflowId> ids = create(service, settings);
    store.reset();
    if (commands != null) {
      commands.reset();
    }
    long started = System.nanoTime();
    ids.forEach(id -> service.start(id, List.of(0L), Map.of()));
    awaitAll(store, ids.size());
    double seconds = (System.nanoTime() - started) / 1e9;
    long roundTrips = commands == null ? store.calls() : commands.count();
    return report(settings, raw, ids, seconds, roundTrips);
  }

  private static List<WorkflowId> create(WorkflowService service, BenchSettings settings) {
    List<StepSpec> steps = new ArrayList<>();
    for (int i = 1; i <= settings.steps(); i++) {
      steps.add(StepSpec.of("step " + i, TASK));
    }
    WorkflowSpec spec = new WorkflowSpec("bench", "rhythm-bench", null, steps);
    List<WorkflowId> ids = new ArrayList<>();
    for (int i = 0; i < settings.workflows(); i++) {
      ids.add(service.create(spec));
    }
    return ids;
  }

  private static void awaitAll(CountingResultStore store, int workflows) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (store.succeeded() < workflows && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
    }
  }

  private static BenchReport report(
      BenchSettings settings,
      ResultStore store,
      List<WorkflowId> ids,
      double seconds,
      long roundTrips) {
    Audit audit = new Audit();
    ids.forEach(id -> audit.check(store, id, List.of(0L)));
    long transitions = (long) settings.workflows() * settings.steps();
    return new BenchReport(
        settings,
        settings.broker(),
        settings.store(),
        transitions,
        seconds,
        transitions / seconds,
        audit.stepLatency(),
        audit.workflowLatency(),
        (double) roundTrips / transitions,
        peakRssMb(),
        audit.succeeded(),
        audit.anomalyCounts());
  }

  /** The process's peak resident set size, from /proc; -1 where /proc is not available. */
  static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException unreadable) {
      return -1;
    }
    return -1;
  }

  static String hostName() {
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? "localhost" : host;
  }

  /**
   * Counts the commands a MongoDB client sends: the store's real round trips, whatever port call
   * caused them.
   */
  private static final class CommandCount implements CommandListener {
    private final LongAdder commands = new LongAdder();

    @Override
    public void commandStarted(CommandStartedEvent event) {
      commands.increment();
    }

    long count() {
      return commands.sum();
    }

    void reset() {
      commands.reset();
    }
  }
}
