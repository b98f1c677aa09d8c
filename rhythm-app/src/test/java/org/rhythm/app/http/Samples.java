package org.rhythm.app.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.rhythm.domain.json.Json;

/** The JSON samples under {@code src/test/resources/http}, and waiting for a condition. */
final class Samples {
  static final String APP = "bioloop-dev.sca.iu.edu";
  static final String QUEUE = APP + ".q";

  /** bioloop's two-step workflow on its queue, started with {@code [42]}. */
  static final String INTEGRATED =
      "{\"name\": \"integrated\", \"app_id\": \""
          + APP
          + "\", \"description\": null, \"steps\": ["
          + "{\"name\": \"inspect\", \"task\": \"inspect_dataset\", \"queue\": \""
          + QUEUE
          + "\"},"
          + "{\"name\": \"archive\", \"task\": \"archive_dataset\", \"queue\": \""
          + QUEUE
          + "\", \"kwargs\": null}], \"args\": [42]}";

  private Samples() {}

  static Object json(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/http/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample named " + name);
      }
      return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A workflow like {@link #INTEGRATED} with another name and app. */
  static String workflow(String name, String appId) {
    return "{\"name\": \""
        + name
        + "\", \"app_id\": \""
        + appId
        + "\", \"steps\": [{\"name\": \"one\", \"task\": \"t1\", \"queue\": \"idle\"}],"
        + " \"args\": [1]}";
  }

  static List<Object> list(Object... values) {
    return List.of(values);
  }

  /** Waits up to ten seconds for the condition; returns whether it held. */
  static boolean await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    return condition.getAsBoolean();
  }
}
