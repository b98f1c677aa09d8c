package org.rhythm.adapter.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.MalformedMessageException;
import org.rhythm.ports.out.TaskMessage;

/**
 * A task message as a Kafka record, and back. Pure: no I/O.
 *
 * <p>The record's key is the workflow id ({@link TaskMessage#workflowId()}), else the task id, so
 * the steps of one workflow go to one partition in order. Its value is Celery's protocol-2 body,
 * {@code [args, kwargs, {"callbacks": null, "errbacks": null, "chain": null, "chord": null}]}, as
 * {@link Json#write} writes it in UTF-8, so a Python consumer can decode it as kombu would. Its
 * headers, UTF-8 strings as Celery's AMQP headers: {@value #CONTENT_TYPE} ({@code
 * application/json}), {@value #TASK}, {@value #ID}, {@value #RETRIES}, {@value #PRIORITY}; a
 * requeued copy also carries {@value #REDELIVERED} ({@code true}) and a dead-lettered one {@value
 * #DEAD_LETTER_REASON}. The queue is not in the record: it is the topic's.
 */
final class TaskRecords {
  static final String CONTENT_TYPE = "content_type";
  static final String TASK = "task";
  static final String ID = "id";
  static final String RETRIES = "retries";
  static final String PRIORITY = "priority";
  static final String REDELIVERED = "rhythm_redelivered";
  static final String DEAD_LETTER_REASON = "rhythm_dead_letter_reason";
  static final String JSON = "application/json";

  private static final Map<String, Object> EMBED = embed();

  private TaskRecords() {}

  /** The record publishing {@code message} to {@code topic}. */
  static ProducerRecord<String, byte[]> encode(String topic, TaskMessage message) {
    List<Object> body = new ArrayList<>(3);
    body.add(message.args());
    body.add(message.kwargs());
    body.add(EMBED);
    Headers headers = new RecordHeaders();
    headers.add(CONTENT_TYPE, bytes(JSON));
    headers.add(TASK, bytes(message.task()));
    headers.add(ID, bytes(message.taskId().value()));
    headers.add(RETRIES, bytes(Integer.toString(message.retries())));
    headers.add(PRIORITY, bytes(Integer.toString(message.priority().value())));
    String key = message.workflowId().map(id -> id.value()).orElse(message.taskId().value());
    return new ProducerRecord<>(topic, null, key, bytes(Json.write(body)), headers);
  }

  /** A copy of a consumed record for {@code topic}, with one header more. */
  static ProducerRecord<String, byte[]> copy(
      String topic, ConsumerRecord<String, byte[]> record, String header, String value) {
    Headers headers = new RecordHeaders();
    for (Header existing : record.headers()) {
      if (!existing.key().equals(header)) {
        headers.add(existing);
      }
    }
    headers.add(header, bytes(value));
    return new ProducerRecord<>(topic, null, record.key(), record.value(), headers);
  }

  /** Whether {@code record} is a copy put back on its queue by a requeue. */
  static boolean isRedelivered(ConsumerRecord<String, byte[]> record) {
    return "true".equals(header(record.headers(), REDELIVERED));
  }

  /**
   * The task message of a record consumed from {@code queue}.
   *
   * @throws MalformedMessageException naming what is wrong: too large, not JSON, not a 3-element
   *     body, a missing or malformed header
   */
  static TaskMessage decode(String queue, ConsumerRecord<String, byte[]> record, int maxBytes) {
    byte[] value = record.value();
    if (value == null) {
      throw malformed(record, "it has no value");
    }
    if (value.length > maxBytes) {
      throw malformed(
          record,
          "its value has " + value.length + " bytes, more than the " + maxBytes + " allowed");
    }
    Headers headers = record.headers();
    String contentType = header(headers, CONTENT_TYPE);
    if (contentType != null && !contentType.equals(JSON)) {
      throw malformed(record, "its content type is '" + contentType + "', not " + JSON);
    }
    List<?> body = body(record, value);
    if (!(body.get(0) instanceof List<?> args)) {
      throw malformed(record, "the first element of its body, the args, is not a JSON array");
    }
    if (!(body.get(1) instanceof Map<?, ?> kwargs)) {
      throw malformed(record, "the second element of its body, the kwargs, is not a JSON object");
    }
    String task = required(record, TASK);
    String id = required(record, ID);
    int retries = number(record, RETRIES, 0);
    int priority = number(record, PRIORITY, 0);
    try {
      return new TaskMessage(
          TaskId.of(id),
          task,
          queue,
          Json.copyList(args),
          stringKeys(kwargs),
          TaskPriority.clamped(priority),
          Math.max(0, retries));
    } catch (IllegalArgumentException e) {
      throw malformed(record, e.getMessage());
    }
  }

  private static List<?> body(ConsumerRecord<String, byte[]> record, byte[] value) {
    Object parsed;
    try {
      parsed =
          Json.parse(
              UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)
                  .decode(ByteBuffer.wrap(value))
                  .toString());
    } catch (CharacterCodingException e) {
      throw malformed(record, "its value is not UTF-8 text");
    } catch (IllegalArgumentException e) {
      throw malformed(record, "its value is not JSON: " + e.getMessage());
    }
    if (!(parsed instanceof List<?> body) || body.size() != 3) {
      throw malformed(record, "its value is not Celery's 3-element body [args, kwargs, embed]");
    }
    return body;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> kwargs) {
    Map<String, Object> copy = new LinkedHashMap<>();
    kwargs.forEach((key, value) -> copy.put((String) key, value));
    return copy;
  }

  private static String required(ConsumerRecord<String, byte[]> record, String name) {
    String value = header(record.headers(), name);
    if (value == null || value.isEmpty()) {
      throw malformed(record, "it has no '" + name + "' header");
    }
    return value;
  }

  private static int number(ConsumerRecord<String, byte[]> record, String name, int fallback) {
    String value = header(record.headers(), name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw malformed(record, "its '" + name + "' header is not a whole number: '" + value + "'");
    }
  }

  /** The last value of header {@code name} as UTF-8 text, or null. */
  static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
  }

  private static MalformedMessageException malformed(
      ConsumerRecord<String, byte[]> record, String why) {
    return new MalformedMessageException(
        "record "
            + record.topic()
            + "-"
            + record.partition()
            + "@"
            + record.offset()
            + " is not a task message: "
            + why);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static Map<String, Object> embed() {
    Map<String, Object> embed = new LinkedHashMap<>();
    embed.put("callbacks", null);
    embed.put("errbacks", null);
    embed.put("chain", null);
    embed.put("chord", null);
    return Json.copyObject(embed);
  }
}
