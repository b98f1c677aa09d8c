package org.rhythm.app.cli;

import java.nio.file.Path;
import org.rhythm.app.config.RhythmConfig;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: the properties file that chooses the adapters, as {@link RhythmConfig}.
 */
final class ConfigOption {
  /** Names a configuration file when {@code --config} does not. */
  static final String VARIABLE = "RHYTHM_CONFIG";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "a properties file of RHYTHM_* values choosing the broker and the store (default:"
              + " $RHYTHM_CONFIG; none: in-memory); environment variables override it")
  Path file;

  /** The file's values (or $RHYTHM_CONFIG's), each overridden by the environment. */
  RhythmConfig load(Invocation invocation) {
    Path chosen = file;
    if (chosen == null && invocation.variable(VARIABLE) != null) {
      chosen = Path.of(invocation.variable(VARIABLE));
    }
    return RhythmConfig.load(chosen, invocation.environment());
  }
}
