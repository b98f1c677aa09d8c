package org.rhythm.domain.task;

/** A message priority, 0 (lowest) to 9 (highest), as RabbitMQ and Celery use it. */
public record TaskPriority(int value) {
  public static final int MIN = 0;
  public static final int MAX = 9;

  public TaskPriority {
    if (value < MIN || value > MAX) {
      throw new IllegalArgumentException("a priority is between 0 and 9, not " + value);
    }
  }

  /** Any integer, clamped to 0–9; how priorities written by other tools are read. */
  public static TaskPriority clamped(long value) {
    return new TaskPriority((int) Math.max(MIN, Math.min(MAX, value)));
  }

  /**
   * The priority of the step at {@code position} (1-based): its own priority if it has one,
   * otherwise its position, so that later steps of running workflows go before new workflows
   * (DESIGN.md §3.2).
   */
  public static TaskPriority forStep(Integer ownPriority, int position) {
    return clamped(ownPriority != null ? ownPriority : position);
  }
}
