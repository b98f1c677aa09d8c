package org.rhythm.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.rhythm.app.http.BearerTokens;
import org.rhythm.app.http.HttpSettings;
import org.rhythm.app.http.Pem;

/**
 * {@code rhythm token}: prints a bearer token for the REST API, signed with a private key, as
 * rhythm_api's {@code issue_token} script makes it.
 */
final class TokenCommand {
  static final String USAGE =
      "  token    print an RS256 bearer token for the REST API\n"
          + "             --sub S (required)  --private-key F (keys/auth.key)\n"
          + "             --issuer I (localhost)  --expires-in SECONDS (none: never expires)\n";

  private TokenCommand() {}

  static int run(List<String> args, PrintStream out, Clock clock) {
    Options options =
        Options.parse(args, Set.of("sub", "private-key", "issuer", "expires-in"), Set.of());
    String subject = options.text("sub", null);
    if (subject == null || subject.isBlank()) {
      throw new UsageException("token needs --sub, the subject the token is for");
    }
    Path keyFile = Path.of(options.text("private-key", KeyFiles.PRIVATE.toString()));
    String issuer = options.text("issuer", HttpSettings.DEFAULT_ISSUER);
    Duration expiresIn = null;
    if (options.text("expires-in", null) != null) {
      int seconds = options.integer("expires-in", 0);
      if (seconds <= 0) {
        throw new UsageException("--expires-in is a positive number of seconds, not " + seconds);
      }
      expiresIn = Duration.ofSeconds(seconds);
    }
    String token =
        BearerTokens.issue(
            Pem.privateKey(KeyFiles.read(keyFile, "the private key")),
            issuer,
            subject,
            expiresIn,
            clock.instant());
    out.println(token);
    return 0;
  }
}
