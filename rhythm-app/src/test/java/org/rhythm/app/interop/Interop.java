package org.rhythm.app.interop;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rhythm.domain.json.Json;

/** Where the Python side of the interop tests lives, and how to run its client script. */
final class Interop {
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

  private Interop() {}

  /** The test resources folder holding {@code interop_tasks.py} and {@code interop_client.py}. */
  static Path scriptDirectory() {
    try {
      return Path.of(Interop.class.getResource("/interop/interop_tasks.py").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code interop_client.py command argument} under Debian's Python and returns the JSON
   * object it prints.
   */
  static Map<String, Object> client(
      Map<String, String> environment, String command, String argument)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(List.of(CeleryWorker.PYTHON, "interop_client.py", command, argument))
            .directory(scriptDirectory().toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("interop_client.py " + command + " did not finish");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "interop_client.py " + command + " exited with " + process.exitValue() + ":\n" + err);
    }
    Object parsed = Json.parse(new String(out, StandardCharsets.UTF_8));
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalStateException("interop_client.py printed no JSON object: " + parsed);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) map;
    return object;
  }
}
