package org.rhythm.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.http.HttpSettings;
import org.rhythm.app.http.Pem;
import org.rhythm.app.http.WorkflowHttpApi;

/**
 * {@code rhythm server}: the REST API of rhythm_api over Rhythm in this process (in-memory broker
 * and store), until the process is stopped (SIGTERM, Ctrl-C).
 */
final class ServerCommand {
  static final String USAGE =
      "  server   serve rhythm_api's REST API (in-memory broker and store) until stopped\n"
          + "             --host H (127.0.0.1)  --port P (5001)  --public-key F (keys/auth.pub)\n"
          + "             --issuer I (localhost)\n";

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
    Running running = start(settings(args));
    out.println("rhythm server listening on " + running.api().url());
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
    Options options = Options.parse(args, Set.of("host", "port", "public-key", "issuer"), Set.of());
    Path keyFile = Path.of(options.text("public-key", KeyFiles.PUBLIC.toString()));
    return HttpSettings.of(Pem.publicKey(KeyFiles.read(keyFile, "the public key")))
        .withHost(options.text("host", HttpSettings.DEFAULT_HOST))
        .withPort(options.integer("port", HttpSettings.DEFAULT_PORT))
        .withIssuer(options.text("issuer", HttpSettings.DEFAULT_ISSUER));
  }

  /** Starts Rhythm in this process and the API over it. */
  static Running start(HttpSettings settings) {
    RhythmApp app = RhythmMain.inMemory();
    try {
      WorkflowHttpApi api =
          new WorkflowHttpApi(app.commands(), app.queries(), settings, Clock.systemUTC());
      api.start();
      return new Running(app, api);
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }
}
