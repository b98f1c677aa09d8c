package org.rhythm.adapter.amqp.celery.protocol;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.ContentHeaderPropertyWriter;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;

/**
 * Basic properties whose headers go on the wire in the order given. amqp-client copies headers into
 * a {@link java.util.HashMap}, which would scramble Celery's header order (celery-wire.md §1.2);
 * this writes the properties as amqp-client does, in the AMQP 0-9-1 order of the basic class, but
 * with the headers as given.
 */
final class OrderedProperties extends AMQP.BasicProperties {
  private final Map<String, Object> orderedHeaders;

  /**
   * The properties {@code builder} holds, with {@code headers}, which this takes over: the caller
   * hands over a map it no longer changes, so it is neither copied nor sorted.
   */
  OrderedProperties(AMQP.BasicProperties.Builder builder, Map<String, Object> headers) {
    this(builder.build(), headers);
  }

  private OrderedProperties(AMQP.BasicProperties base, Map<String, Object> headers) {
    super(
        base.getContentType(),
        base.getContentEncoding(),
        null,
        base.getDeliveryMode(),
        base.getPriority(),
        base.getCorrelationId(),
        base.getReplyTo(),
        base.getExpiration(),
        base.getMessageId(),
        base.getTimestamp(),
        base.getType(),
        base.getUserId(),
        base.getAppId(),
        base.getClusterId());
    this.orderedHeaders = Collections.unmodifiableMap(headers);
  }

  @Override
  public Map<String, Object> getHeaders() {
    return orderedHeaders;
  }

  @Override
  public void writePropertiesTo(ContentHeaderPropertyWriter writer) throws IOException {
    writer.writePresence(getContentType() != null);
    writer.writePresence(getContentEncoding() != null);
    writer.writePresence(true);
    writer.writePresence(getDeliveryMode() != null);
    writer.writePresence(getPriority() != null);
    writer.writePresence(getCorrelationId() != null);
    writer.writePresence(getReplyTo() != null);
    writer.writePresence(getExpiration() != null);
    writer.writePresence(getMessageId() != null);
    writer.writePresence(getTimestamp() != null);
    writer.writePresence(getType() != null);
    writer.writePresence(getUserId() != null);
    writer.writePresence(getAppId() != null);
    writer.writePresence(getClusterId() != null);
    writer.finishPresence();
    writeIfPresent(writer, getContentType());
    writeIfPresent(writer, getContentEncoding());
    writer.writeTable(orderedHeaders);
    if (getDeliveryMode() != null) {
      writer.writeOctet(getDeliveryMode());
    }
    if (getPriority() != null) {
      writer.writeOctet(getPriority());
    }
    writeIfPresent(writer, getCorrelationId());
    writeIfPresent(writer, getReplyTo());
    writeIfPresent(writer, getExpiration());
    writeIfPresent(writer, getMessageId());
    if (getTimestamp() != null) {
      writer.writeTimestamp(getTimestamp());
    }
    writeIfPresent(writer, getType());
    writeIfPresent(writer, getUserId());
    writeIfPresent(writer, getAppId());
    writeIfPresent(writer, getClusterId());
  }

  private static void writeIfPresent(ContentHeaderPropertyWriter writer, String value)
      throws IOException {
    if (value != null) {
      writer.writeShortstr(value);
    }
  }
}
