package org.rhythm.adapter.amqp.celery.protocol;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.MalformedMessageException;
import org.rhythm.ports.out.TaskMessage;

/**
 * Task messages as Celery 5.2 writes them in protocol v2 with the JSON serializer (celery-wire.md
 * §1): properties, headers in Celery's order and with Celery's types, and the three-element body
 * {@code [args, kwargs, embed]}.
 */
public final class CeleryMessageCodec {
  public static final String JSON = "application/json";
  public static final String UTF_8_ENCODING = "utf-8";
  static final int PERSISTENT = 2;

  private static final Map<String, String> REFUSED_CONTENT_TYPES =
      Map.of(
          "application/x-python-serialize", "pickle",
          "application/x-yaml", "YAML",
          "application/x-msgpack", "msgpack");

  private CeleryMessageCodec() {}

  /**
   * The Celery message for {@code message}, sent by {@code origin} ({@code gen<pid>@<host>}) whose
   * app id is {@code replyTo}.
   */
  public static CeleryMessage encode(TaskMessage message, String origin, String replyTo) {
    String id = message.taskId().value();
    // Celery's header order (celery-wire.md §1.2); only String, Integer, Boolean, null and lists,
    // which py-amqp reads back as they were meant (§8).
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("lang", "py");
    headers.put("task", message.task());
    headers.put("id", id);
    headers.put("shadow", null);
    headers.put("eta", null);
    headers.put("expires", null);
    headers.put("group", null);
    headers.put("group_index", null);
    headers.put("retries", message.retries());
    headers.put("timelimit", Arrays.asList(null, null));
    headers.put("root_id", id);
    headers.put("parent_id", null);
    headers.put("argsrepr", PythonRepr.of(message.args()));
    headers.put("kwargsrepr", PythonRepr.of(message.kwargs()));
    headers.put("origin", origin);
    headers.put("ignore_result", false);
    AMQP.BasicProperties properties =
        new OrderedProperties(
            new AMQP.BasicProperties.Builder()
                .contentType(JSON)
                .contentEncoding(UTF_8_ENCODING)
                .deliveryMode(PERSISTENT)
                .priority(message.priority().value())
                .correlationId(id)
                .replyTo(replyTo),
            headers);
    Map<String, Object> embed = new LinkedHashMap<>();
    embed.put("callbacks", null);
    embed.put("errbacks", null);
    embed.put("chain", null);
    embed.put("chord", null);
    String body = Json.write(List.of(message.args(), message.kwargs(), embed));
    // Json.write escapes every non-ASCII character, as kombu does.
    return new CeleryMessage(properties, body.getBytes(US_ASCII));
  }

  /**
   * The task message a Celery v2 JSON message carries, as consumed from {@code queue}; headers
   * Rhythm does not use are ignored.
   *
   * @throws MalformedMessageException naming why the message is not a task Rhythm can run: over
   *     {@code maxBytes}, not JSON, a refused content type, missing or mistyped headers, a body
   *     that is not {@code [args, kwargs, embed]}
   */
  public static TaskMessage decode(
      String queue, AMQP.BasicProperties properties, byte[] body, int maxBytes) {
    if (body.length > maxBytes) {
      throw new MalformedMessageException(
          "message of " + body.length + " bytes is over the maximum of " + maxBytes + " bytes");
    }
    checkContentType(properties.getContentType());
    checkEncoding(properties.getContentEncoding());
    Map<String, Object> headers = properties.getHeaders();
    if (headers == null) {
      throw new MalformedMessageException(
          "message has no headers: not a Celery protocol v2 task message");
    }
    String task = requiredString(headers, "task");
    String id = requiredString(headers, "id");
    int retries = retries(headers.get("retries"));
    List<?> parts = body(body);
    if (!(parts.get(0) instanceof List<?> args)) {
      throw new MalformedMessageException(
          "task " + id + ": args (body[0]) is not a JSON array but " + typeOf(parts.get(0)));
    }
    if (!(parts.get(1) instanceof Map<?, ?> kwargs)) {
      throw new MalformedMessageException(
          "task " + id + ": kwargs (body[1]) is not a JSON object but " + typeOf(parts.get(1)));
    }
    if (!(parts.get(2) instanceof Map<?, ?>)) {
      throw new MalformedMessageException(
          "task " + id + ": embed (body[2]) is not a JSON object but " + typeOf(parts.get(2)));
    }
    Integer priority = properties.getPriority();
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> keywords = (Map<String, Object>) kwargs;
      @SuppressWarnings("unchecked")
      List<Object> positional = (List<Object>) args;
      return new TaskMessage(
          TaskId.of(id),
          task,
          queue,
          positional,
          keywords,
          TaskPriority.clamped(priority == null ? 0 : priority),
          retries);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("task " + id + ": " + e.getMessage(), e);
    }
  }

  private static void checkContentType(String contentType) {
    if (contentType == null) {
      throw new MalformedMessageException(
          "message has no content type; Rhythm runs only JSON task messages (" + JSON + ")");
    }
    String type = contentType.strip().toLowerCase(Locale.ROOT);
    String refused = REFUSED_CONTENT_TYPES.get(type);
    if (refused != null) {
      throw new MalformedMessageException(
          "content type "
              + contentType
              + " ("
              + refused
              + ") is refused; Rhythm runs only JSON task messages ("
              + JSON
              + ")");
    }
    if (!type.equals(JSON)) {
      throw new MalformedMessageException(
          "content type " + contentType + " is not " + JSON + "; Rhythm runs only JSON messages");
    }
  }

  private static void checkEncoding(String encoding) {
    if (encoding == null) {
      return; // Python workers accept a message without one (celery-wire.md §1.6).
    }
    String name = encoding.strip().toLowerCase(Locale.ROOT);
    if (!name.equals("utf-8") && !name.equals("utf8")) {
      throw new MalformedMessageException(
          "content encoding " + encoding + " is not utf-8; Rhythm reads only UTF-8 JSON");
    }
  }

  private static String requiredString(Map<String, Object> headers, String name) {
    Object value = headers.get(name);
    if (value == null) {
      throw new MalformedMessageException(
          "header '" + name + "' is missing: not a Celery protocol v2 task message");
    }
    if (!(value instanceof String || value instanceof LongString)) {
      throw new MalformedMessageException(
          "header '" + name + "' is not a string but " + value.getClass().getSimpleName());
    }
    String text = value.toString();
    if (text.isBlank()) {
      throw new MalformedMessageException("header '" + name + "' is blank");
    }
    return text;
  }

  private static int retries(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long retries = ((Number) value).longValue();
      if (retries >= 0 && retries <= Integer.MAX_VALUE) {
        return (int) retries;
      }
      throw new MalformedMessageException("header 'retries' is negative or too large: " + value);
    }
    throw new MalformedMessageException(
        "header 'retries' is not an integer but " + value.getClass().getSimpleName());
  }

  private static List<?> body(byte[] bytes) {
    String text;
    try {
      text =
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException("body is not UTF-8 text", e);
    }
    Object parsed;
    try {
      parsed = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("body is not JSON: " + e.getMessage(), e);
    }
    if (!(parsed instanceof List<?> parts)) {
      throw new MalformedMessageException(
          "body is a JSON " + typeOf(parsed) + ", not Celery's [args, kwargs, embed]");
    }
    if (parts.size() != 3) {
      throw new MalformedMessageException(
          "body is a JSON array of "
              + parts.size()
              + " elements, not Celery's 3-element [args, kwargs, embed]");
    }
    return parts;
  }

  static String typeOf(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof List<?>) {
      return "array";
    }
    if (value instanceof Map<?, ?>) {
      return "object";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    return "number";
  }
}
