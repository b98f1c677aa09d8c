package org.rhythm.app.demo;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.rhythm.ports.worker.Progress;
import org.rhythm.ports.worker.TaskContext;
import org.rhythm.ports.worker.TaskRegistry;

/**
 * The demo's three tasks: simulated work that reports progress, and an archive that can be told to
 * fail once.
 */
final class DemoTasks {
  static final String INSPECT = "demo.inspect";
  static final String ARCHIVE = "demo.archive";
  static final String STAGE = "demo.stage";

  private final Set<String> failOnce = ConcurrentHashMap.newKeySet();
  private final long millisPerItem;

  DemoTasks(long millisPerItem) {
    this.millisPerItem = millisPerItem;
  }

  /** Makes the next archive of this dataset fail, as a full disk would. */
  void failNextArchiveOf(String dataset) {
    failOnce.add(dataset);
  }

  TaskRegistry registry() {
    return new TaskRegistry()
        .register(INSPECT, context -> work(context, "inspect", 20, "files"))
        .register(ARCHIVE, this::archive)
        .register(STAGE, context -> work(context, "stage", 25, "files"));
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
