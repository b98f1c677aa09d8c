package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rhythm.app.http.HttpSettings;
import org.rhythm.app.http.Pem;
import org.rhythm.domain.json.Json;

/** {@code rhythm keys}, {@code rhythm token} and {@code rhythm server} together. */
@Timeout(60) // a command that runs until stopped is interrupted instead of hanging the build
class ServerCommandTest {
  private final Cli cli = new Cli();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aTokenFromTheMadeKeysIsAcceptedByTheServerOnTheirPublicKey() throws Exception {
    int keys = cli.run("keys", "--dir", dir.toString());
    String token = token();

    int status;
    int withoutToken;
    int exit;
    try (Cli.Background server = server()) {
      String url = server.awaitOutput("listening on (http://\\S+)");
      status = send("GET", url + "/workflows", token, null).statusCode();
      withoutToken = send("GET", url + "/workflows", null, null).statusCode();
      exit = server.stop();
    }

    assertThat(keys).as(cli.err()).isZero();
    assertThat(status).isEqualTo(200);
    assertThat(withoutToken).isEqualTo(401);
    assertThat(exit).isZero();
    assertThat(Files.getPosixFilePermissions(dir.resolve("auth.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void withNoConfigurationTheServerRunsTheTaskModulesOfItsClassPath() throws Exception {
    cli.run("keys", "--dir", dir.toString());
    String token = token();
    String definition =
        "{\"name\": \"fresh\", \"app_id\": \"cli-test\", \"steps\": ["
            + "{\"name\": \"inspect\", \"task\": \"demo.inspect\"},"
            + "{\"name\": \"shout\", \"task\": \"cli.upper\", \"queue\": \"cli\"}],"
            + " \"args\": [\"batch-7\"]}";

    Map<?, ?> workflow;
    try (Cli.Background server = server()) {
      String url = server.awaitOutput("listening on (http://\\S+)");
      server.awaitOutput("cli.upper");
      Map<?, ?> created = (Map<?, ?>) json(send("POST", url + "/workflows", token, definition));
      String path = url + "/workflows/" + created.get("workflow_id");
      Cli.await(
          "the workflow to succeed",
          () -> ((Map<?, ?>) json(send("GET", path, token, null))).get("status").equals("SUCCESS"));
      workflow = (Map<?, ?>) json(send("GET", path, token, null));
    }

    assertThat(cli.out())
        .contains("(broker memory, store memory)")
        .containsPattern("Java worker server\\.\\d+@\\S+ serves queues .*demo.*")
        .containsPattern("serves queues [^\\n]*cli")
        .containsPattern("serves queues [^\\n]*celery")
        .containsPattern("demo\\.inspect +org\\.rhythm\\.app\\.demo\\.DemoTasks");
    List<?> steps = (List<?>) workflow.get("steps");
    Map<?, ?> shout = (Map<?, ?>) ((Map<?, ?>) steps.get(1)).get("last_task_run");
    assertThat(shout.get("result")).isEqualTo(List.of("BATCH-7"));
  }

  @Test
  void theServersOptionsMakeItsHttpSettings() {
    cli.run("keys", "--dir", dir.toString());

    HttpSettings settings =
        ServerCommand.settings(
            List.of(
                "--host",
                "0.0.0.0",
                "--port",
                "0",
                "--issuer",
                "bioloop",
                "--public-key",
                dir.resolve("auth.pub").toString()));

    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.port()).isZero();
    assertThat(settings.issuer()).isEqualTo("bioloop");
    assertThat(Pem.of(settings.publicKey())).isEqualToIgnoringNewLines(read("auth.pub"));
    assertThat(ServerCommand.settings(List.of("--public-key", dir.resolve("auth.pub").toString())))
        .extracting(HttpSettings::host, HttpSettings::port, HttpSettings::issuer)
        .containsExactly("127.0.0.1", 5001, "localhost");
  }

  @Test
  void onAnotherBrokerJarsNeedInProcessWorkers() {
    Cli onRabbit = new Cli(AppFactory.CONFIGURED, Map.of("RHYTHM_BROKER", "amqp"), "");

    int exit = onRabbit.run("server", "--jar", dir.resolve("tasks.jar").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(onRabbit.err())
        .isEqualTo(
            "rhythm: --jar gives tasks to in-process workers: on the amqp broker, add --workers\n");
  }

  @Test
  void keysAreNeverOverwritten() throws Exception {
    Files.writeString(dir.resolve("auth.pub"), "mine");

    int exit = cli.run("keys", "--dir", dir.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err())
        .isEqualTo("rhythm: " + dir.resolve("auth.pub") + " exists; keys are never overwritten\n");
    assertThat(Files.readString(dir.resolve("auth.pub"))).isEqualTo("mine");
  }

  @Test
  void aTokenNeedsASubjectAndAnExistingKey() {
    int noSubject = cli.run("token", "--private-key", dir.resolve("auth.key").toString());
    int noKey = cli.run("token", "--sub", "x", "--private-key", dir.resolve("none.key").toString());

    assertThat(noSubject).isEqualTo(2);
    assertThat(noKey).isEqualTo(2);
    assertThat(cli.err())
        .contains("rhythm: missing required option: '--sub=SUBJECT'")
        .contains("rhythm: the private key " + dir.resolve("none.key") + " does not exist");
  }

  @Test
  void theServerNeedsAPublicKey() {
    int exit = cli.run("server", "--public-key", dir.resolve("none.pub").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(cli.err())
        .isEqualTo(
            "rhythm: the public key "
                + dir.resolve("none.pub")
                + " does not exist (make a pair with 'rhythm keys')\n");
  }

  private String read(String file) {
    try {
      return Files.readString(dir.resolve(file));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private Cli.Background server() {
    return cli.background(
        "server", "--port", "0", "--public-key", dir.resolve("auth.pub").toString());
  }

  private String token() {
    Cli tokens = new Cli();
    int exit =
        tokens.run(
            "token",
            "--sub",
            "bioloop-dev.sca.iu.edu",
            "--private-key",
            dir.resolve("auth.key").toString(),
            "--expires-in",
            "600");
    assertThat(exit).as(tokens.err()).isZero();
    return tokens.out().trim();
  }

  private HttpResponse<String> send(String method, String url, String token, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(method + " " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Object json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.parse(response.body());
  }
}
