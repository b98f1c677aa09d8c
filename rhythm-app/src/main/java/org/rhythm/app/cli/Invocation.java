package org.rhythm.app.cli;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What one run of the command line works with: its standard streams, its environment, and how it
 * opens Rhythm on a configuration. Passed in rather than read from {@link System}, so that a run in
 * a test sees only what the test gives it.
 */
record Invocation(
    InputStream in,
    PrintStream out,
    PrintStream err,
    Map<String, String> environment,
    AppFactory apps) {
  Invocation {
    requireNonNull(in, "in");
    requireNonNull(out, "out");
    requireNonNull(err, "err");
    environment = Map.copyOf(environment);
    requireNonNull(apps, "apps");
  }

  /** The environment variable's value, or null when it is unset or blank. */
  String variable(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
