package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rhythm.adapter.inmemory.InMemoryBroker;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.wiring.CoreModule;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.out.TransientFailureException;

/** {@code rhythm reconcile} on the store and broker it shares with other commands. */
@Timeout(60) // a command that runs until stopped is interrupted instead of hanging the build
class ReconcileCommandTest {
  private final SharedMemory memory = new SharedMemory();
  private final Cli cli = new Cli(memory.apps());

  @TempDir Path dir;

  /** Apps whose store fails every call, as one whose server is unreachable does. */
  private static AppFactory storeDown() {
    ResultStore down =
        (ResultStore)
            Proxy.newProxyInstance(
                ResultStore.class.getClassLoader(),
                new Class<?>[] {ResultStore.class},
                (proxy, method, args) -> {
                  throw new TransientFailureException("the store is down", null);
                });
    return config ->
        RhythmMain.create(
            new CoreModule(),
            binder -> {
              binder.bind(Broker.class).toInstance(new InMemoryBroker());
              binder.bind(ResultStore.class).toInstance(down);
            });
  }

  @AfterEach
  void closeTheSharedAdapters() {
    memory.close();
  }

  @Test
  void aPassSendsAgainADispatchNoWorkerStartedInTime() {
    Cli starter = new Cli(memory.apps());
    starter.run(
        "start",
        "--direct",
        Definitions.file(
            dir,
            "{\"name\": \"lost\", \"app_id\": \"cli-test\", \"steps\": [{\"name\": \"a\","
                + " \"task\": \"cli.upper\", \"queue\": \"nobody\"}], \"args\": [\"x\"]}"));
    memory.advance(Duration.ofMinutes(6));

    int first = cli.run("reconcile");
    int second = cli.run("reconcile");

    assertThat(first).as(cli.err()).isZero();
    assertThat(second).as(cli.err()).isZero();
    assertThat(cli.out().lines().filter(line -> line.contains("repair")).toList())
        .hasSize(2)
        .satisfiesExactly(
            line ->
                assertThat(line).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  1 repair"),
            line -> assertThat(line).endsWith("  0 repairs"));
    assertThat(cli.out()).startsWith("reconciling broker memory, store memory\n");
    assertThat(cli.err()).contains("rhythm: note: the in-memory store holds only this process's");
  }

  @Test
  void everyRepeatsThePassUntilStopped() throws Exception {
    int exit;
    try (Cli.Background reconciler = cli.background("reconcile", "--every", "20ms")) {
      reconciler.awaitOutput("(repairs\\n(?:.*\\n)*.*repairs\\n(?:.*\\n)*.*repairs)");
      exit = reconciler.stop();
    }

    assertThat(exit).isZero();
  }

  @Test
  void aFailedPassFailsASingleRun() {
    Cli down = new Cli(storeDown());

    int exit = down.run("reconcile");

    assertThat(exit).isEqualTo(1);
    assertThat(down.err()).endsWith("rhythm: the store is down\n");
  }

  @Test
  void whenRepeatingAFailedPassIsReportedAndTheNextOneTried() throws Exception {
    Cli down = new Cli(storeDown());

    int exit;
    try (Cli.Background reconciler = down.background("reconcile", "--every", "20ms")) {
      Cli.await("two failed passes", () -> down.err().split("the pass failed").length > 2);
      exit = reconciler.stop();
    }

    assertThat(exit).isZero();
    assertThat(down.err())
        .containsPattern("\nrhythm: \\S+ \\S+  the pass failed: the store is down\n");
  }

  @Test
  void everyTakesAPositiveLengthOfTime() {
    int exit = cli.run("reconcile", "--every", "0s");

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err())
        .isEqualTo(
            "rhythm: invalid value for option '--every': '0s' is not a positive length of time"
                + " such as 500ms, 30s, 5m or 1h (see 'rhythm reconcile --help')\n");
  }
}
