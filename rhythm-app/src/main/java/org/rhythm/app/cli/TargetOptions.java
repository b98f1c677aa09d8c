package org.rhythm.app.cli;

import org.rhythm.app.config.RhythmConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the client commands find workflows: a Rhythm server ({@code --url}, with a token from
 * {@code --token} or {@code RHYTHM_TOKEN}), or the configured store and broker ({@code --direct}).
 */
final class TargetOptions {
  /** The bearer token when {@code --token} gives none. */
  static final String TOKEN_VARIABLE = "RHYTHM_TOKEN";

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:5001",
      description = "the Rhythm server to ask")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "the bearer token for the server (default: $RHYTHM_TOKEN)")
  String token;

  @Option(
      names = "--direct",
      description = "work on the configured store and broker (--config) instead of asking a server")
  boolean direct;

  @Mixin ConfigOption config = new ConfigOption();

  /** The client these options name. */
  WorkflowClient open(Invocation invocation) {
    if (!direct) {
      String bearer = token != null ? token : invocation.variable(TOKEN_VARIABLE);
      return new HttpWorkflowClient(url, bearer);
    }
    RhythmConfig configured = config.load(invocation);
    if (configured.store().equals(RhythmConfig.MEMORY)) {
      invocation
          .err()
          .println(
              "rhythm: note: --direct on the in-memory store sees this process alone; set"
                  + " RHYTHM_STORE and RHYTHM_MONGO_URI (see --config) to reach the shared one");
    }
    return new DirectWorkflowClient(invocation.apps().open(configured));
  }
}
