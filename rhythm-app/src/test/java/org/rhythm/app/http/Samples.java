package org.rhythm.app.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.rhythm.domain.json.Json;

/** The JSON samples under {@code src/test/resources/http}, and waiting for a condition. */
final class Samples {
  static final String APP = "bioloop-dev.sca.iu.edu";
  static final String QUEUE = APP + ".q";

  /** rhythm_api's datetimes: {@code %Y-%m-%dT%H:%M:%S.%fZ} (rhythm-api-contract.md §1.4). */
  static final Pattern DATETIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");

  private Samples() {}

  /** bioloop's two-step workflow, both steps on {@code queue}, started with {@code [42]}. */
  static String integrated(String queue) {
    return integrated(queue, queue);
  }

  /** bioloop's two-step workflow, each step on a queue of its own, started with {@code [42]}. */
  static String integrated(String inspectQueue, String archiveQueue) {
    return "{\"name\": \"integrated\", \"app_id\": \""
        + APP
        + "\", \"description\": null, \"steps\": ["
        + "{\"name\": \"inspect\", \"task\": \"inspect_dataset\", \"queue\": \""
        + inspectQueue
        + "\"},"
        + "{\"name\": \"archive\", \"task\": \"archive_dataset\", \"queue\": \""
        + archiveQueue
        + "\", \"kwargs\": null}], \"args\": [42]}";
  }

  /** The sample as it is checked in. */
  static Object json(String name) {
    return json(name, UnaryOperator.identity());
  }

  /** The sample, its text rewritten first. */
  static Object json(String name, UnaryOperator<String> rewrite) {
    try (InputStream in = Samples.class.getResourceAsStream("/http/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample named " + name);
      }
      return Json.parse(rewrite.apply(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A one-step workflow of task {@code t1} on {@code queue}, started with {@code [1]}. */
  static String workflow(String name, String appId, String queue) {
    return "{\"name\": \""
        + name
        + "\", \"app_id\": \""
        + appId
        + "\", \"steps\": [{\"name\": \"one\", \"task\": \"t1\", \"queue\": \""
        + queue
        + "\"}], \"args\": [1]}";
  }

  static List<Object> list(Object... values) {
    return List.of(values);
  }

  /** Waits up to thirty seconds for the condition; returns whether it held. */
  static boolean await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    return condition.getAsBoolean();
  }
}
