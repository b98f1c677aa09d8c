package org.rhythm.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.rhythm.adapter.inmemory.InMemoryBroker;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.Worker;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * Runs the bench on the in-memory adapters: N workflows of S steps of a no-op task that returns its
 * argument plus one, all started at once (saturation), then audits the store.
 */
public final class Bench {
  static final String QUEUE = "bench";
  static final String TASK = "bench.noop";
  private static final Duration DEADLINE = Duration.ofMinutes(10);

  private Bench() {}

  /** Runs the warm-up, then the measured run, and reports the measured one. */
  public static BenchReport run(BenchSettings settings) {
    if (settings.warmupWorkflows() > 0) {
      runOnce(
          new BenchSettings(
              settings.warmupWorkflows(),
              settings.steps(),
              settings.concurrency(),
              settings.prefetch(),
              0,
              settings.json()));
    }
    return runOnce(settings);
  }

  private static BenchReport runOnce(BenchSettings settings) {
    InMemoryResultStore raw = new InMemoryResultStore();
    CountingResultStore store = new CountingResultStore(raw);
    try (InMemoryBroker broker = new InMemoryBroker()) {
      WorkflowService service =
          new WorkflowService(
              store,
              broker,
              Clock.systemUTC(),
              Ids.random(),
              ServiceSettings.DEFAULTS.withDefaultQueue(QUEUE));
      List<WorkflowId> ids = create(service, settings);
      TaskRegistry tasks =
          new TaskRegistry()
              .register(TASK, context -> List.of(((Number) context.args().get(0)).longValue() + 1));
      WorkerSettings workerSettings =
          WorkerSettings.of("bench@" + hostName(), List.of(QUEUE), settings.concurrency())
              .withPrefetch(settings.prefetch());
      try (Worker worker = new Worker(broker, service, tasks, workerSettings, Clock.systemUTC())) {
        worker.start();
        store.reset();
        long started = System.nanoTime();
        ids.forEach(id -> service.start(id, List.of(0L), Map.of()));
        awaitAll(store, ids.size());
        double seconds = (System.nanoTime() - started) / 1e9;
        long roundTrips = store.calls();
        return report(settings, raw, ids, seconds, roundTrips);
      }
    }
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
        "memory",
        "memory",
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
}
