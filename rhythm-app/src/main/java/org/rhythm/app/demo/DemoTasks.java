package org.rhythm.app.demo;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.rhythm.ports.worker.Progress;
import org.rhythm.ports.worker.TaskContext;
import org.rhythm.ports.worker.TaskModule;
import org.rhythm.ports.worker.TaskRegistry;

/**
 * The demo's three tasks: simulated work that reports progress, and an archive that can be told to
 * fail once. A {@link TaskModule} listed in META-INF/services, so that {@code rhythm server} with
 * no configuration runs them in its own process and {@code rhythm worker} serves them.
 */
public final class DemoTasks implements TaskModule {
  static final String INSPECT = "demo.inspect";
  static final String ARCHIVE = "demo.archive";
  static final String STAGE = "demo.stage";

  /** The queue the demo's steps name. */
  static final String QUEUE = "demo";

  /** How long one item of simulated work takes outside the demo. */
  private static final long MILLIS_PER_ITEM = 60;

  private final Set<String> failOnce = ConcurrentHashMap.newKeySet();
  private final long millisPerItem;

  /** The tasks at their usual pace, as {@link java.util.ServiceLoader} makes them. */
  public DemoTasks() {
    this(MILLIS_PER_ITEM);
  }

  DemoTasks(long millisPerItem) {
    this.millisPerItem = millisPerItem;
  }

  /** Makes the next archive of this dataset fail, as a full disk would. */
  void failNextArchiveOf(String dataset) {
    failOnce.add(dataset);
  }

  @Override
  public void register(TaskRegistry registry) {
    registry
        .register(INSPECT, context -> work(context, "inspect", 20, "files"))
        .register(ARCHIVE, this::archive)
        .register(STAGE, context -> work(context, "stage", 25, "files"));
  }

  @Override
  public List<String> queues() {
    return List.of(QUEUE);
  }

  TaskRegistry registry() {
    TaskRegistry registry = new TaskRegistry();
    register(registry);
    return registry;
  }

  private List<Object> archive(TaskContext context) throws InterruptedException {
    String dataset = String.valueOf(context.args().get(0));
    Progress progress = context.progress("archive", 40.0, "MB");
    for (int done = 1; done <= 40; done++) {
      Thread.sleep(millisPerItem);
      if (done == 12 && failOnce.remove(dataset)) {
        throw new IllegalStateException("no space left on device while archiving " + dataset);
      }
      progress.update(done);
    }
    return List.of(dataset);
  }

  private List<Object> work(TaskContext context, String name, int items, String units)
      throws InterruptedException {
    Progress progress = context.progress(name, (double) items, units);
    for (int item : progress.track(IntStream.rangeClosed(1, items).boxed().toList())) {
      Thread.sleep(millisPerItem);
    }
    return List.of(context.args().get(0));
  }
}
