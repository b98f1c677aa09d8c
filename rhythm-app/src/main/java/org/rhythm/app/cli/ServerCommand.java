package org.rhythm.app.cli;

import com.google.inject.Module;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.config.RhythmConfig;
import org.rhythm.app.http.HttpSettings;
import org.rhythm.app.http.Pem;
import org.rhythm.app.http.WorkflowHttpApi;
import org.rhythm.app.metrics.MetricsRoute;

/**
 * {@code rhythm server}: the REST API of rhythm_api over Rhythm in this process, on the adapters
 * the configuration chooses ({@link RhythmConfig}; in-memory by default), until the process is
 * stopped (SIGTERM, Ctrl-C).
 */
final class ServerCommand {
  static final String USAGE =
      "  server   serve rhythm_api's REST API until stopped, on the adapters RHYTHM_BROKER and\n"
          + "           RHYTHM_STORE choose (in-memory when unset; see README)\n"
          + "             --host H (127.0.0.1)  --port P (5001)  --public-key F (keys/auth.pub)\n"
          + "             --issuer I (localhost)  --config F (RHYTHM_CONFIG, a properties file)\n";

  /** Names a configuration file when {@code --config} does not. */
  static final String CONFIG_VARIABLE = "RHYTHM_CONFIG";

  static final Duration RECONCILE_EVERY = Duration.ofSeconds(30);

  private ServerCommand() {}

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

  /** Runs until the JVM shuts down; returns 0 then. */
  static int run(List<String> args, PrintStream out) throws InterruptedException {
    Options options = options(args);
    RhythmConfig config = config(options);
    Running running = start(settings(options), config);
    out.println(
        "rhythm server listening on " + running.api().url() + " (" + config.describe() + ")");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              running.close();
              stopped.countDown();
            },
            "rhythm-server-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return 0;
  }

  static HttpSettings settings(List<String> args) {
    return settings(options(args));
  }

  private static Options options(List<String> args) {
    return Options.parse(args, Set.of("host", "port", "public-key", "issuer", "config"), Set.of());
  }

  /**
   * The adapters: {@code --config FILE} or {@code RHYTHM_CONFIG}, overridden by the environment.
   */
  private static RhythmConfig config(Options options) {
    String file = options.text("config", System.getenv(CONFIG_VARIABLE));
    return RhythmConfig.load(
        file == null || file.isBlank() ? null : Path.of(file), System.getenv());
  }

  private static HttpSettings settings(Options options) {
    Path keyFile = Path.of(options.text("public-key", KeyFiles.PUBLIC.toString()));
    return HttpSettings.of(Pem.publicKey(KeyFiles.read(keyFile, "the public key")))
        .withHost(options.text("host", HttpSettings.DEFAULT_HOST))
        .withPort(options.integer("port", HttpSettings.DEFAULT_PORT))
        .withIssuer(options.text("issuer", HttpSettings.DEFAULT_ISSUER));
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
