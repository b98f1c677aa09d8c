package org.rhythm.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.worker.RhythmTask;
import org.rhythm.ports.worker.TaskContext;
import org.rhythm.ports.worker.TaskRegistry;

/**
 * Steps survive the loss of a worker and the arrival of another: nothing is lost and no step runs
 * to success twice.
 */
class KafkaFailoverIT {
  @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

  /** How long each task of the rebalance test works, so that the rebalance meets running tasks. */
  private static final Duration WORK = Duration.ofMillis(25);

  /** How long a worker losing partitions waits for their tasks in the lease test. */
  private static final Duration GRACE = Duration.ofMillis(200);

  /**
   * The most slow workflows the lease test starts to cover both partitions: all of them on one
   * partition has a chance of 2 in 2^14.
   */
  private static final int SLOW_WORKFLOWS_AT_MOST = 14;

  private final Map<TaskId, AtomicInteger> successes = new ConcurrentHashMap<>();
  private KafkaRig rig;

  @AfterEach
  void closeRig() throws Exception {
    rig.close();
  }

  @Test
  void theTaskOfAKilledWorkerCompletesOnAnotherAndNoStepSucceedsTwice() {
    rig = new KafkaRig(KAFKA.settings());
    CountDownLatch staging = new CountDownLatch(1);
    TaskRegistry dying = new TaskRegistry();
    dying.register("tasks.add", this::add);
    dying.register(
        "tasks.stage",
        context -> {
          staging.countDown();
          new CountDownLatch(1).await();
          return add(context);
        });
    TaskRegistry surviving = new TaskRegistry();
    surviving.register("tasks.add", this::add);
    surviving.register("tasks.stage", this::add);
    KafkaRig.Member first = rig.worker("rhythm@dying", dying, 1);
    WorkflowId id =
        rig.run(
            List.of(1),
            StepSpec.of("inspect", "tasks.add"),
            StepSpec.of("stage", "tasks.stage"),
            StepSpec.of("verify", "tasks.add"));
    KafkaRig.awaitTrue(() -> staging.getCount() == 0);

    first.broker().halt();
    first.worker().close();
    rig.worker("rhythm@surviving", surviving, 1);

    WorkflowView done = rig.awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(done.steps().get(2).lastTaskRun().record().result()).isEqualTo(List.of(4L));
    for (int step = 0; step < 3; step++) {
      assertThat(KafkaRig.runs(done, step)).as("runs of step %d", step).isEqualTo(1);
    }
    assertThat(successes).hasSize(3).allSatisfy((task, count) -> assertThat(count).hasValue(1));
  }

  @Test
  void aWorkerJoiningWhileTasksRunTakesPartitionsAndNoStepIsLostOrRunTwice() {
    rig = new KafkaRig(KAFKA.settings().withPartitions(4));
    Map<String, AtomicInteger> ranOn = new ConcurrentHashMap<>();
    RhythmTask working =
        context -> {
          LockSupport.parkNanos(WORK.toNanos());
          return add(context);
        };
    TaskRegistry early = new TaskRegistry();
    early.register("tasks.work", counting(ranOn, "early", working));
    TaskRegistry late = new TaskRegistry();
    late.register("tasks.work", counting(ranOn, "late", working));
    rig.worker("rhythm@early", early, 2);
    List<WorkflowId> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(
          rig.run(
              List.of(0),
              StepSpec.of("one", "tasks.work"),
              StepSpec.of("two", "tasks.work"),
              StepSpec.of("three", "tasks.work")));
    }
    rig.worker("rhythm@late", late, 2);

    for (WorkflowId id : ids) {
      WorkflowView done = rig.awaitStatus(id, WorkflowStatus.SUCCESS);
      assertThat(done.steps().get(2).lastTaskRun().record().result()).isEqualTo(List.of(3L));
      for (int step = 0; step < 3; step++) {
        assertThat(KafkaRig.runs(done, step)).as("runs of step %d of %s", step, id).isEqualTo(1);
      }
    }
    assertThat(successes)
        .hasSize(120)
        .allSatisfy((task, count) -> assertThat(count).as("runs of %s", task).hasValue(1));
    assertThat(ranOn.get("late")).as("tasks run by the worker that joined").isNotNull();
  }

  @Test
  void aTaskStillRunningWhenARebalanceTakesItsPartitionGoesOnUnderALeaseAndRunsOnce() {
    // One band of two partitions: the worker that joins takes one of the two.
    KafkaSettings base = KAFKA.settings();
    rig =
        new KafkaRig(
            new KafkaSettings(
                base.bootstrapServers(),
                base.topicPrefix(),
                1,
                2,
                base.replicationFactor(),
                base.maxMessageBytes(),
                base.sessionTimeout(),
                GRACE));
    CountDownLatch release = new CountDownLatch(1);
    Map<TaskId, AtomicInteger> slowRuns = new ConcurrentHashMap<>();
    TaskRegistry registry = new TaskRegistry();
    registry.register("tasks.add", this::add);
    registry.register(
        "tasks.slow",
        context -> {
          slowRuns.computeIfAbsent(context.taskId(), any -> new AtomicInteger()).incrementAndGet();
          release.await();
          return add(context);
        });
    rig.worker("rhythm@early", registry, SLOW_WORKFLOWS_AT_MOST + 2);
    // A slow task runs from each partition, so that whichever one the joining worker takes, it
    // takes one from under a running task.
    List<WorkflowId> slow = new ArrayList<>();
    Set<Integer> partitions = new HashSet<>();
    while (partitions.size() < 2 && slow.size() < SLOW_WORKFLOWS_AT_MOST) {
      WorkflowId id =
          rig.run(List.of(0), StepSpec.of("slow", "tasks.slow"), StepSpec.of("then", "tasks.add"));
      slow.add(id);
      partitions.add(partitionOf(id, 2));
    }
    assertThat(partitions).as("partitions of the slow tasks").hasSize(2);
    KafkaRig.awaitTrue(() -> slowRuns.size() == slow.size());

    rig.worker("rhythm@late", registry, 2);

    // The early worker gives a partition up while its slow task runs: the task goes on there,
    // under a lease...
    KafkaRig.awaitTrue(() -> slow.stream().anyMatch(this::leased));
    // ...and the new owner has read past its record: a workflow published after it, on each
    // partition, is done.
    for (int partition = 0; partition < 2; partition++) {
      rig.awaitStatus(runOnPartition(partition), WorkflowStatus.SUCCESS);
    }
    release.countDown();

    for (WorkflowId id : slow) {
      WorkflowView done = rig.awaitStatus(id, WorkflowStatus.SUCCESS);
      assertThat(KafkaRig.runs(done, 0)).as("runs of the slow step of %s", id).isEqualTo(1);
    }
    assertThat(slowRuns)
        .hasSize(slow.size())
        .allSatisfy((task, count) -> assertThat(count).as("runs of %s", task).hasValue(1));
  }

  private boolean leased(WorkflowId id) {
    Heartbeat heartbeat = rig.store().find(id).orElseThrow().step(0).heartbeat();
    return heartbeat != null && heartbeat.leased();
  }

  /** Runs one-step workflows until one is keyed onto {@code partition} of 2; returns that one. */
  private WorkflowId runOnPartition(int partition) {
    while (true) {
      WorkflowId id = rig.run(List.of(0), StepSpec.of("mark", "tasks.add"));
      if (partitionOf(id, 2) == partition) {
        return id;
      }
    }
  }

  /** The partition the producer's default partitioner gives a record keyed by {@code id}. */
  private static int partitionOf(WorkflowId id, int partitions) {
    return Utils.toPositive(Utils.murmur2(id.value().getBytes(StandardCharsets.UTF_8)))
        % partitions;
  }

  private List<Object> add(TaskContext context) {
    successes.computeIfAbsent(context.taskId(), any -> new AtomicInteger()).incrementAndGet();
    return List.of(((Number) context.args().get(0)).longValue() + 1);
  }

  private static RhythmTask counting(
      Map<String, AtomicInteger> ranOn, String worker, RhythmTask task) {
    return context -> {
      ranOn.computeIfAbsent(worker, any -> new AtomicInteger()).incrementAndGet();
      return task.run(context);
    };
  }
}
