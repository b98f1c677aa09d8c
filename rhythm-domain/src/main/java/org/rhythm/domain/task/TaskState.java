package org.rhythm.domain.task;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of a task as Celery records it. Celery's own states are {@link Known}; any other string
 * a worker wrote (a custom state such as {@code PROGRESS}) is kept as it is and is never done.
 */
public record TaskState(String name) {
  public static final TaskState PENDING = new TaskState("PENDING");
  public static final TaskState RECEIVED = new TaskState("RECEIVED");
  public static final TaskState STARTED = new TaskState("STARTED");
  public static final TaskState RETRY = new TaskState("RETRY");
  public static final TaskState SUCCESS = new TaskState("SUCCESS");
  public static final TaskState FAILURE = new TaskState("FAILURE");
  public static final TaskState REVOKED = new TaskState("REVOKED");

  /** Celery's built-in states. */
  public enum Known {
    PENDING,
    RECEIVED,
    STARTED,
    RETRY,
    SUCCESS,
    FAILURE,
    REVOKED;

    private static final Map<Known, Set<Known>> MOVES = new EnumMap<>(Known.class);

    static {
      Set<Known> done = EnumSet.of(SUCCESS, FAILURE, REVOKED);
      Set<Known> any = EnumSet.allOf(Known.class);
      MOVES.put(PENDING, any);
      MOVES.put(RECEIVED, EnumSet.complementOf(EnumSet.of(PENDING)));
      MOVES.put(STARTED, union(EnumSet.of(STARTED, RETRY), done));
      MOVES.put(RETRY, union(EnumSet.of(STARTED, RETRY), done));
      MOVES.put(SUCCESS, EnumSet.noneOf(Known.class));
      MOVES.put(FAILURE, EnumSet.noneOf(Known.class));
      MOVES.put(REVOKED, EnumSet.noneOf(Known.class));
    }

    private static Set<Known> union(Set<Known> a, Set<Known> b) {
      EnumSet<Known> all = EnumSet.copyOf(a);
      all.addAll(b);
      return all;
    }

    /** A done task never changes state again. */
    public boolean isDone() {
      return switch (this) {
        case SUCCESS, FAILURE, REVOKED -> true;
        case PENDING, RECEIVED, STARTED, RETRY -> false;
      };
    }

    /** Whether a task in this state may be recorded next in {@code next}. */
    public boolean canMoveTo(Known next) {
      return MOVES.get(this).contains(next);
    }
  }

  public TaskState {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a task state is not blank");
    }
  }

  /** The state named {@code name}, Celery's or custom. */
  public static TaskState of(String name) {
    return new TaskState(name);
  }

  /** The Celery state this is, or empty for a custom state. */
  public Optional<Known> known() {
    for (Known known : Known.values()) {
      if (known.name().equals(name)) {
        return Optional.of(known);
      }
    }
    return Optional.empty();
  }

  /** SUCCESS, FAILURE and REVOKED are done; nothing else is. */
  public boolean isDone() {
    return known().map(Known::isDone).orElse(false);
  }

  /**
   * Whether a record in this state may be overwritten by one in {@code next}. A done state is
   * final; a custom state may move anywhere and anything not done may move to a custom state.
   */
  public boolean canMoveTo(TaskState next) {
    Optional<Known> from = known();
    Optional<Known> to = next.known();
    if (from.isEmpty()) {
      return true;
    }
    if (to.isEmpty()) {
      return !from.get().isDone();
    }
    return from.get().canMoveTo(to.get());
  }

  @Override
  public String toString() {
    return name;
  }
}
