package org.rhythm.adapter.amqp.celery.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.rabbitmq.client.AMQP;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;

/**
 * Celery's remote-control broadcast on the {@code celery.pidbox} fanout exchange, for the one
 * command Rhythm uses: {@code revoke} with {@code terminate} (celery-wire.md §3).
 */
public final class RevocationCodec {
  /** Celery's broadcast exchange: fanout, not durable, not auto-deleted. */
  public static final String PIDBOX_EXCHANGE = "celery.pidbox";

  /** Celery's default broadcast timeout: {@code expires} is the send time plus this. */
  static final double EXPIRES_AFTER_SECONDS = 1.0;

  private RevocationCodec() {}

  /**
   * The broadcast revoking and terminating {@code taskId}, sent at {@code epochSeconds} with the
   * sender's Lamport {@code clock}.
   */
  public static CeleryMessage encode(TaskId taskId, int clock, double epochSeconds) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("clock", clock);
    headers.put("expires", epochSeconds + EXPIRES_AFTER_SECONDS);
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("task_id", taskId.value());
    arguments.put("terminate", true);
    arguments.put("signal", "SIGTERM");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("method", "revoke");
    body.put("arguments", arguments);
    body.put("destination", null);
    body.put("pattern", null);
    body.put("matcher", null);
    AMQP.BasicProperties properties =
        new OrderedProperties(
            new AMQP.BasicProperties.Builder()
                .contentType(CeleryMessageCodec.JSON)
                .contentEncoding(CeleryMessageCodec.UTF_8_ENCODING)
                .deliveryMode(CeleryMessageCodec.PERSISTENT)
                .priority(0),
            headers);
    return new CeleryMessage(properties, Json.write(body).getBytes(US_ASCII));
  }

  /**
   * The tasks a broadcast revokes on node {@code node}: none for another command (Python workers
   * broadcast {@code hello}, {@code ping} and others) or when its {@code destination} or {@code
   * pattern} leaves this node out.
   *
   * @throws IllegalArgumentException naming what is wrong when the body is not a control command
   */
  public static List<TaskId> revokedFor(String node, byte[] body) {
    Object parsed = Json.parse(new String(body, UTF_8));
    if (!(parsed instanceof Map<?, ?> command)) {
      throw new IllegalArgumentException(
          "a control message is a JSON object, not " + CeleryMessageCodec.typeOf(parsed));
    }
    if (!"revoke".equals(command.get("method")) || !isForNode(command, node)) {
      return List.of();
    }
    if (!(command.get("arguments") instanceof Map<?, ?> arguments)) {
      throw new IllegalArgumentException("a revoke command has no 'arguments' object");
    }
    Object ids = arguments.get("task_id");
    List<TaskId> revoked = new ArrayList<>();
    if (ids instanceof String id) {
      revoked.add(TaskId.of(id));
    } else if (ids instanceof List<?> list) {
      for (Object id : list) {
        if (!(id instanceof String text)) {
          throw new IllegalArgumentException("a revoked task id is not a string: " + id);
        }
        revoked.add(TaskId.of(text));
      }
    } else {
      throw new IllegalArgumentException(
          "a revoke command's task_id is a string or a list of strings, not " + ids);
    }
    return List.copyOf(revoked);
  }

  /** kombu's rule: a destination list names the nodes; else a pattern and matcher select them. */
  private static boolean isForNode(Map<?, ?> command, String node) {
    Object destination = command.get("destination");
    if (destination instanceof List<?> nodes) {
      return nodes.contains(node);
    }
    if (destination instanceof String single) {
      return single.equals(node);
    }
    if (command.get("pattern") instanceof String pattern) {
      Object matcher = command.get("matcher");
      try {
        return "pcre".equals(matcher)
            ? Pattern.compile(pattern).matcher(node).find()
            : Pattern.matches(globToRegex(pattern), node);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("a control message's pattern is invalid: " + pattern, e);
      }
    }
    return true;
  }

  private static String globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
