package org.rhythm.app.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rhythm.app.http.BearerTokens;
import org.rhythm.app.http.HttpSettings;
import org.rhythm.app.http.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rhythm token}: prints a bearer token for the REST API, signed with a private key, as
 * rhythm_api's {@code issue_token} script makes it.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Print a bearer token for the REST API.",
      "",
      "An RS256 JWT as rhythm_api's issue_token makes it, for --token or RHYTHM_TOKEN."
    })
final class TokenCommand implements Callable<Integer> {
  private final Invocation invocation;
  private final Clock clock = Clock.systemUTC();

  @Option(
      names = "--sub",
      required = true,
      paramLabel = "SUBJECT",
      description = "whom the token is for (its sub), e.g. bioloop-dev.sca.iu.edu")
  String subject;

  @Option(
      names = "--private-key",
      paramLabel = "FILE",
      description = "the PEM private key to sign with")
  Path privateKey = KeyFiles.PRIVATE;

  @Option(names = "--issuer", paramLabel = "ISSUER", description = "the token's issuer (iss)")
  String issuer = HttpSettings.DEFAULT_ISSUER;

  @Option(
      names = "--expires-in",
      paramLabel = "SECONDS",
      description = "how long the token is valid (default: it never expires)")
  Integer expiresIn;

  TokenCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    if (subject.isBlank()) {
      throw new UsageException("--sub is the subject the token is for, not blank");
    }
    if (expiresIn != null && expiresIn <= 0) {
      throw new UsageException("--expires-in is a positive number of seconds, not " + expiresIn);
    }
    String token =
        BearerTokens.issue(
            Pem.privateKey(KeyFiles.read(privateKey, "the private key")),
            issuer,
            subject,
            expiresIn == null ? null : Duration.ofSeconds(expiresIn),
            clock.instant());
    invocation.out().println(token);
    return RhythmCli.OK;
  }
}
