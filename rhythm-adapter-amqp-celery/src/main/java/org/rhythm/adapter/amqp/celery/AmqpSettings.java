package org.rhythm.adapter.amqp.celery;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * How the broker reaches RabbitMQ and declares what it uses.
 *
 * <ul>
 *   <li>{@code uri}: the AMQP URI, {@code amqp://} or {@code amqps://}.
 *   <li>{@code maxPriority}: the {@code x-max-priority} task queues are declared with, 1–255, or
 *       {@link #NO_MAX_PRIORITY} to declare them with no arguments at all, as Celery does by
 *       default (bioloop sets Celery's {@code task_queue_max_priority} to 10). Both sides must
 *       agree: RabbitMQ refuses a declaration with other arguments than the queue has.
 *   <li>{@code nodeName}: this process as a Celery node, such as {@code rhythm@host}: the name a
 *       revocation's {@code destination} may list, and the prefix of the revocation queues.
 *   <li>{@code maxMessageBytes}: the largest message body published or accepted.
 *   <li>{@code deadLetterQueue}: where a message rejected without requeue goes, with its reason.
 *   <li>{@code connectTimeout}: how long opening a connection may take.
 *   <li>{@code publishTimeout}: how long a publication waits for RabbitMQ's confirm.
 *   <li>{@code recoveryInterval}: how long to wait between attempts to reconnect after the
 *       connection is lost.
 *   <li>{@code publisherChannels}: how many confirm channels publications share.
 * </ul>
 */
public record AmqpSettings(
    String uri,
    int maxPriority,
    String nodeName,
    int maxMessageBytes,
    String deadLetterQueue,
    Duration connectTimeout,
    Duration publishTimeout,
    Duration recoveryInterval,
    int publisherChannels) {

  /** RabbitMQ on this machine with its default account, as Celery's default broker URL. */
  public static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672/";

  /** Task queues are declared without {@code x-max-priority}: Celery's default. */
  public static final int NO_MAX_PRIORITY = 0;

  /** The largest {@code x-max-priority} RabbitMQ accepts. */
  public static final int HIGHEST_MAX_PRIORITY = 255;

  public static final String DEFAULT_DEAD_LETTER_QUEUE = "rhythm.dead-letter";

  /** 16 MiB: room for 1 MiB of args and 1 MiB of kwargs (DESIGN.md §3.1) with a wide margin. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  public static final String URL_VARIABLE = "RHYTHM_AMQP_URL";
  public static final String MAX_PRIORITY_VARIABLE = "RHYTHM_AMQP_MAX_PRIORITY";

  public AmqpSettings {
    requireNonNull(uri, "uri");
    checkUri(uri);
    if (maxPriority < NO_MAX_PRIORITY || maxPriority > HIGHEST_MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "x-max-priority is 1 to 255, or 0 for none, not " + maxPriority);
    }
    requireNonNull(nodeName, "nodeName");
    if (nodeName.isBlank()) {
      throw new IllegalArgumentException("a node name is not blank");
    }
    if (maxMessageBytes < 1) {
      throw new IllegalArgumentException(
          "the maximum message size is at least 1 byte, not " + maxMessageBytes);
    }
    requireNonNull(deadLetterQueue, "deadLetterQueue");
    if (deadLetterQueue.isBlank()) {
      throw new IllegalArgumentException("a dead-letter queue name is not blank");
    }
    positive(connectTimeout, "connect timeout");
    positive(publishTimeout, "publish timeout");
    positive(recoveryInterval, "recovery interval");
    if (publisherChannels < 1) {
      throw new IllegalArgumentException(
          "at least 1 publisher channel is needed, not " + publisherChannels);
    }
  }

  /** The defaults, on {@code uri}. */
  public static AmqpSettings of(String uri) {
    return new AmqpSettings(
        uri,
        NO_MAX_PRIORITY,
        "rhythm@" + localHostName(),
        DEFAULT_MAX_MESSAGE_BYTES,
        DEFAULT_DEAD_LETTER_QUEUE,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        4);
  }

  /** The defaults, on {@link #DEFAULT_URI}. */
  public static AmqpSettings defaults() {
    return of(DEFAULT_URI);
  }

  /**
   * The settings an environment gives: {@value #URL_VARIABLE} (default {@value #DEFAULT_URI}) and
   * {@value #MAX_PRIORITY_VARIABLE} (an integer 1–255; unset or empty for none).
   *
   * @throws IllegalArgumentException naming the variable whose value is invalid
   */
  public static AmqpSettings fromEnvironment(Map<String, String> environment) {
    String uri = environment.getOrDefault(URL_VARIABLE, "");
    AmqpSettings settings;
    try {
      settings = of(uri.isBlank() ? DEFAULT_URI : uri.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(URL_VARIABLE + ": " + e.getMessage(), e);
    }
    String priority = environment.getOrDefault(MAX_PRIORITY_VARIABLE, "").strip();
    if (priority.isEmpty()) {
      return settings;
    }
    int value;
    try {
      value = Integer.parseInt(priority);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          MAX_PRIORITY_VARIABLE + " is an integer 1 to 255, not '" + priority + "'", e);
    }
    if (value < 1 || value > HIGHEST_MAX_PRIORITY) {
      throw new IllegalArgumentException(
          MAX_PRIORITY_VARIABLE + " is an integer 1 to 255, not " + value);
    }
    return settings.withMaxPriority(value);
  }

  public AmqpSettings withMaxPriority(int newMaxPriority) {
    return new AmqpSettings(
        uri,
        newMaxPriority,
        nodeName,
        maxMessageBytes,
        deadLetterQueue,
        connectTimeout,
        publishTimeout,
        recoveryInterval,
        publisherChannels);
  }

  public AmqpSettings withNodeName(String newNodeName) {
    return new AmqpSettings(
        uri,
        maxPriority,
        newNodeName,
        maxMessageBytes,
        deadLetterQueue,
        connectTimeout,
        publishTimeout,
        recoveryInterval,
        publisherChannels);
  }

  public AmqpSettings withMaxMessageBytes(int newMaxMessageBytes) {
    return new AmqpSettings(
        uri,
        maxPriority,
        nodeName,
        newMaxMessageBytes,
        deadLetterQueue,
        connectTimeout,
        publishTimeout,
        recoveryInterval,
        publisherChannels);
  }

  public AmqpSettings withDeadLetterQueue(String newDeadLetterQueue) {
    return new AmqpSettings(
        uri,
        maxPriority,
        nodeName,
        maxMessageBytes,
        newDeadLetterQueue,
        connectTimeout,
        publishTimeout,
        recoveryInterval,
        publisherChannels);
  }

  public AmqpSettings withTimeouts(Duration connect, Duration publish, Duration recovery) {
    return new AmqpSettings(
        uri,
        maxPriority,
        nodeName,
        maxMessageBytes,
        deadLetterQueue,
        connect,
        publish,
        recovery,
        publisherChannels);
  }

  /** Whether task queues are declared with {@code x-max-priority}. */
  public boolean hasMaxPriority() {
    return maxPriority != NO_MAX_PRIORITY;
  }

  /**
   * The virtual host, read from the URI's path as kombu reads it: no path, {@code /} and {@code //}
   * all mean the default virtual host {@code /}; otherwise the path without its leading slash,
   * percent-decoded ({@code /%2f} is {@code /} too).
   */
  public String virtualHost() {
    String path = URI.create(uri).getRawPath();
    if (path == null || path.isEmpty() || path.equals("/") || path.equals("//")) {
      return "/";
    }
    String name = URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
    return name.isEmpty() ? "/" : name;
  }

  /** The URI with its password, if any, replaced by {@code ***}: for messages. */
  public String redactedUri() {
    int scheme = uri.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int at = uri.lastIndexOf('@');
    int colon = uri.indexOf(':', start);
    if (at < start || colon < 0 || colon > at) {
      return uri;
    }
    return uri.substring(0, colon + 1) + "***" + uri.substring(at);
  }

  private static void checkUri(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an AMQP URI: " + e.getMessage(), e);
    }
    String scheme = parsed.getScheme();
    if (scheme == null || !(scheme.equals("amqp") || scheme.equals("amqps"))) {
      throw new IllegalArgumentException(
          "an AMQP URI starts with amqp:// or amqps://, not '" + parsed.getScheme() + "'");
    }
    if (parsed.getHost() == null) {
      throw new IllegalArgumentException("an AMQP URI names a host");
    }
  }

  private static void positive(Duration duration, String name) {
    requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("the " + name + " is positive, not " + duration);
    }
  }

  /** The host name as Python's {@code socket.gethostname()} gives it, else {@code localhost}. */
  static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
