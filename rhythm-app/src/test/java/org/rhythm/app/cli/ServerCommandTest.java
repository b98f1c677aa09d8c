package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rhythm keys}, {@code rhythm token} and {@code rhythm server} together. */
class ServerCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final RhythmCli cli =
      new RhythmCli(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  @TempDir Path dir;

  @Test
  void aTokenFromTheMadeKeysIsAcceptedByTheServerOnTheirPublicKey() throws Exception {
    int keys = cli.run("keys", "--dir", dir.toString());
    out.reset();
    int token =
        cli.run(
            "token",
            "--sub",
            "bioloop-dev.sca.iu.edu",
            "--private-key",
            dir.resolve("auth.key").toString(),
            "--expires-in",
            "600");
    String issued = out.toString(StandardCharsets.UTF_8).trim();

    int status;
    int withoutToken;
    try (ServerCommand.Running server =
        ServerCommand.start(
            ServerCommand.settings(
                List.of("--port", "0", "--public-key", dir.resolve("auth.pub").toString())))) {
      status = get(server.api().url() + "/workflows", issued);
      withoutToken = get(server.api().url() + "/workflows", null);
    }

    assertThat(keys).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(token).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(status).isEqualTo(200);
    assertThat(withoutToken).isEqualTo(401);
    assertThat(Files.getPosixFilePermissions(dir.resolve("auth.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void keysAreNeverOverwritten() throws Exception {
    Files.writeString(dir.resolve("auth.pub"), "mine");

    int exit = cli.run("keys", "--dir", dir.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(dir.resolve("auth.pub") + " exists; keys are never overwritten");
    assertThat(Files.readString(dir.resolve("auth.pub"))).isEqualTo("mine");
  }

  @Test
  void aTokenNeedsASubjectAndAnExistingKey() {
    int noSubject = cli.run("token", "--private-key", dir.resolve("auth.key").toString());
    int noKey = cli.run("token", "--sub", "x", "--private-key", dir.resolve("none.key").toString());

    assertThat(noSubject).isEqualTo(2);
    assertThat(noKey).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("token needs --sub")
        .contains("the private key " + dir.resolve("none.key") + " does not exist");
  }

  @Test
  void theServerNeedsAPublicKey() {
    int exit = cli.run("server", "--public-key", dir.resolve("none.pub").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("the public key " + dir.resolve("none.pub") + " does not exist");
  }

  private static int get(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
