package org.rhythm.app.cli;

import com.google.inject.Module;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.config.RhythmConfig;
import org.rhythm.app.http.HttpSettings;
import org.rhythm.app.http.Pem;
import org.rhythm.app.http.WorkflowHttpApi;
import org.rhythm.app.metrics.MetricsRoute;
import org.rhythm.ports.worker.WorkerSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rhythm server}: the REST API of rhythm_api over Rhythm in this process, on the adapters
 * the configuration chooses ({@link RhythmConfig}; in-memory by default), until the process is
 * stopped (SIGTERM, Ctrl-C). On the in-memory broker, or with {@code --workers}, it also runs the
 * Java tasks of every task module on the class path and in {@code --jar} files, so that it works
 * alone on a fresh machine.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Serve rhythm_api's REST API (and Java workers) until stopped.",
      "",
      "Runs until SIGTERM or Ctrl-C, on the broker and store the configuration chooses"
          + " (in-memory when none is set).",
      "With the in-memory broker, or with --workers, it also runs the Java tasks of every task"
          + " module on the class path and in --jar files, from their queues and 'celery'."
    })
final class ServerCommand implements Callable<Integer> {
  static final Duration RECONCILE_EVERY = Duration.ofSeconds(30);

  private final Invocation invocation;

  @Option(names = "--host", paramLabel = "HOST", description = "the address to listen on")
  String host = HttpSettings.DEFAULT_HOST;

  @Option(names = "--port", paramLabel = "PORT", description = "the port to listen on; 0: any free")
  int port = HttpSettings.DEFAULT_PORT;

  @Option(
      names = "--public-key",
      paramLabel = "FILE",
      description = "the PEM public key bearer tokens are checked with")
  Path publicKey = KeyFiles.PUBLIC;

  @Option(names = "--issuer", paramLabel = "ISSUER", description = "the tokens' issuer (iss)")
  String issuer = HttpSettings.DEFAULT_ISSUER;

  @Option(
      names = "--workers",
      description =
          "run Java workers in this process on any broker (always done on the in-memory broker)")
  boolean workers;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "how many tasks the in-process workers run at once")
  int concurrency = 4;

  @Mixin TaskJars jars = new TaskJars();

  @Mixin ConfigOption config = new ConfigOption();

  ServerCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  /** A running server over its own app; closing stops both. */
  record Running(RhythmApp app, WorkflowHttpApi api) implements AutoCloseable {
    @Override
    public void close() {
      try {
        api.close();
      } finally {
        app.close();
      }
    }
  }

  /** Runs until the JVM shuts down or the thread is interrupted; returns 0 then. */
  @Override
  public Integer call() {
    RhythmConfig configured = config.load(invocation);
    if (!runsWorkers(configured) && !jars.files().isEmpty()) {
      throw new UsageException(
          "--jar gives tasks to in-process workers: on the "
              + configured.broker()
              + " broker, add --workers");
    }
    HttpSettings settings = settings();
    PrintStream out = invocation.out();
    try (StopSignal stop = StopSignal.install();
        TaskJars.Loaded tasks = runsWorkers(configured) ? jars.load() : null;
        Running running = start(settings, configured)) {
      out.println(
          "rhythm server listening on " + running.api().url() + " (" + configured.describe() + ")");
      if (tasks != null) {
        serve(running.app(), tasks, out);
      } else {
        out.println("no Java workers in this process (--workers runs them)");
      }
      out.flush();
      stop.await();
    }
    return RhythmCli.OK;
  }

  private boolean runsWorkers(RhythmConfig configured) {
    return workers || configured.broker().equals(RhythmConfig.MEMORY);
  }

  private void serve(RhythmApp app, TaskJars.Loaded tasks, PrintStream out) {
    if (tasks.modules().isEmpty()) {
      out.println("no Java task modules found: steps wait for a worker");
      return;
    }
    WorkerSettings worker =
        WorkerSettings.of(WorkerNames.of("server"), tasks.defaultQueues(), concurrency);
    app.startWorker(worker, tasks.modules().registry());
    out.println(
        "Java worker "
            + worker.name()
            + " serves queues "
            + String.join(", ", worker.queues())
            + " with these tasks:");
    tasks.describe(out);
  }

  /** The HTTP settings of these {@code rhythm server} arguments. */
  static HttpSettings settings(List<String> args) {
    ServerCommand command = new ServerCommand(null);
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    return command.settings();
  }

  private HttpSettings settings() {
    return HttpSettings.of(Pem.publicKey(KeyFiles.read(publicKey, "the public key")))
        .withHost(host)
        .withPort(port)
        .withIssuer(issuer);
  }

  /** Starts Rhythm in this process on the in-memory adapters, and the API over it. */
  static Running start(HttpSettings settings) {
    return start(settings, RhythmConfig.of(Map.of()));
  }

  /**
   * Starts Rhythm in this process on the configured adapters, with its reconciler every {@link
   * #RECONCILE_EVERY}, and the API over it.
   */
  static Running start(HttpSettings settings, RhythmConfig config) {
    RhythmApp app = RhythmMain.create(config.modules().toArray(Module[]::new));
    try {
      app.reconcileEvery(RECONCILE_EVERY);
      WorkflowHttpApi api =
          new WorkflowHttpApi(app.commands(), app.queries(), settings, Clock.systemUTC());
      api.serveOpenly(MetricsRoute.PATH, new MetricsRoute(app.metrics()));
      api.start();
      return new Running(app, api);
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }
}
