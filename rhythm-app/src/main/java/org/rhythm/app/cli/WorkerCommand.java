package org.rhythm.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.rhythm.app.RhythmApp;
import org.rhythm.app.config.RhythmConfig;
import org.rhythm.ports.worker.WorkerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rhythm worker}: a Java worker process for the tasks of the {@link
 * org.rhythm.ports.worker.TaskModule}s on the class path and in {@code --jar} files, on the
 * configured broker and store, until stopped.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Run Java tasks from the class path or jars until stopped.",
      "",
      "Runs the tasks of the task modules on the class path and in --jar files until SIGTERM or"
          + " Ctrl-C, on the broker and store the configuration chooses.",
      "A task module implements org.rhythm.ports.worker.TaskModule and is listed in its jar's"
          + " META-INF/services/org.rhythm.ports.worker.TaskModule."
    })
final class WorkerCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Option(
      names = "--queues",
      split = ",",
      paramLabel = "QUEUE",
      description = "the queues to consume, comma-separated (default: the modules' and 'celery')")
  List<String> queues;

  @Option(names = "--concurrency", paramLabel = "N", description = "how many tasks run at once")
  int concurrency = 4;

  @Option(
      names = "--prefetch",
      paramLabel = "N",
      description = "unacknowledged messages per queue (default: the concurrency)")
  Integer prefetch;

  @Option(
      names = "--ack-at-start",
      description =
          "acknowledge each message as its task starts and hold the task by a lease (for tasks"
              + " longer than the broker's limit on unacknowledged messages)")
  boolean ackAtStart;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "the worker's name in task records (default: rhythm.PID@HOST)")
  String name;

  @Mixin TaskJars jars = new TaskJars();

  @Mixin ConfigOption config = new ConfigOption();

  WorkerCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    RhythmConfig configured = config.load(invocation);
    try (StopSignal stop = StopSignal.install();
        TaskJars.Loaded tasks = jars.load()) {
      if (tasks.modules().isEmpty()) {
        throw new IllegalStateException(
            "no Java tasks to run: no task module on the class path"
                + (jars.files().isEmpty() ? " (give a jar with --jar)" : " or in " + jars.files()));
      }
      WorkerSettings settings = settings(tasks);
      try (RhythmApp app = invocation.apps().open(configured)) {
        app.startWorker(settings, tasks.modules().registry());
        announce(settings, configured, tasks);
        stop.await();
      }
    }
    return RhythmCli.OK;
  }

  /** Says what the worker serves, where. */
  private void announce(WorkerSettings settings, RhythmConfig configured, TaskJars.Loaded tasks) {
    PrintStream out = invocation.out();
    out.println("rhythm worker " + settings.name() + " running (" + configured.describe() + ")");
    out.println(
        "queues "
            + String.join(", ", settings.queues())
            + ", "
            + settings.concurrency()
            + " at a time; tasks:");
    tasks.describe(out);
    out.flush();
    if (configured.broker().equals(RhythmConfig.MEMORY)) {
      invocation
          .err()
          .println(
              "rhythm: note: the in-memory broker reaches no other process; set RHYTHM_BROKER"
                  + " (see --config) to serve a server's workflows");
    }
  }

  private WorkerSettings settings(TaskJars.Loaded tasks) {
    List<String> consumed = queues == null ? tasks.defaultQueues() : queues;
    return WorkerSettings.of(name == null ? WorkerNames.of("rhythm") : name, consumed, concurrency)
        .withPrefetch(prefetch == null ? concurrency : prefetch)
        .withAckAtStart(ackAtStart);
  }
}
