package org.rhythm.ports.worker;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import org.rhythm.domain.progress.ProgressEstimator;

/**
 * What a running Java task uses to report its progress (DESIGN.md §3.8): on a count of work done
 * with {@link #update}, or on the items it goes through with {@link #track}. Reports carry an ETA
 * from the domain's {@link ProgressEstimator} and are throttled to one a second; the first always
 * goes out. A report only overwrites the task's record while the task is not done.
 *
 * <p>Not thread-safe: a progress belongs to the task thread that asked for it.
 */
public final class Progress {
  private final String name;
  private final String units;
  private final Clock clock;
  private final Consumer<Map<String, Object>> sink;
  private Double total;
  private ProgressEstimator estimator;

  /**
   * A progress named {@code name} of {@code total} units (null when unknown), reported to {@code
   * sink}.
   */
  Progress(
      String name, Double total, String units, Clock clock, Consumer<Map<String, Object>> sink) {
    this.name = requireNonNull(name, "name");
    this.units = units;
    this.clock = requireNonNull(clock, "clock");
    this.sink = requireNonNull(sink, "sink");
    this.total = total;
    this.estimator = new ProgressEstimator(name, total, units);
  }

  /** Reports that {@code done} units are done, unless the last report is less than a second old. */
  public void update(double done) {
    estimator.update(done, clock.instant()).ifPresent(report -> sink.accept(report.toJson()));
  }

  /**
   * The items, counting each one handed out as done once the next is asked for; running out of
   * items counts all of them done. Each count is an {@link #update}.
   */
  public <T> Iterable<T> track(Iterable<T> items) {
    requireNonNull(items, "items");
    return () -> new Counting<>(items.iterator());
  }

  /**
   * As {@link #track(Iterable)}; when this progress was made without a total, the collection's size
   * becomes the total and the estimate starts over.
   */
  public <T> Iterable<T> track(Collection<T> items) {
    requireNonNull(items, "items");
    if (total == null) {
      total = (double) items.size();
      estimator = new ProgressEstimator(name, total, units);
    }
    return track((Iterable<T>) items);
  }

  /**
   * An iterator that reports how many of its items were handed out before each one, and at the end.
   */
  private final class Counting<T> implements Iterator<T> {
    private final Iterator<T> items;
    private long handedOut;
    private boolean ended;

    Counting(Iterator<T> items) {
      this.items = items;
    }

    @Override
    public boolean hasNext() {
      boolean more = items.hasNext();
      if (!more && !ended) {
        ended = true;
        update(handedOut);
      }
      return more;
    }

    @Override
    public T next() {
      T item = items.next();
      update(handedOut);
      handedOut++;
      return item;
    }
  }
}
