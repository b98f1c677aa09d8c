package org.rhythm.adapter.amqp.celery;

import org.rhythm.domain.RhythmException;

/**
 * RabbitMQ refused to declare a queue or exchange (406 PRECONDITION_FAILED) because it exists with
 * other arguments than Rhythm declares, typically {@code x-max-priority}: Rhythm and the Celery
 * side disagree on priority support. Retrying does not help; the configuration must change.
 */
public final class InequivalentQueueException extends RhythmException {
  private static final long serialVersionUID = 1L;

  private final String queue;
  private final String argument;

  InequivalentQueueException(String queue, String argument, String message, Throwable cause) {
    super(message, cause);
    this.queue = queue;
    this.argument = argument;
  }

  /** The queue or exchange whose declaration was refused. */
  public String queue() {
    return queue;
  }

  /**
   * The argument or property that differs, such as {@code x-max-priority}, as RabbitMQ named it.
   */
  public String argument() {
    return argument;
  }
}
