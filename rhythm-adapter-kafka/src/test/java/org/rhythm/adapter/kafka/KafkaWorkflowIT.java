package org.rhythm.adapter.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.rhythm.adapter.kafka.KafkaRig.QUEUE;
import static org.rhythm.adapter.kafka.KafkaRig.TIMEOUT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Step;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.worker.RhythmTask;
import org.rhythm.ports.worker.TaskRegistry;

/** Workflows run end to end through Kafka: the real service, workers and an in-memory store. */
class KafkaWorkflowIT {
  @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

  /** Adds one to its argument. */
  private static final RhythmTask ADD =
      context -> List.of(((Number) context.args().get(0)).longValue() + 1);

  /** How long a task of the priority test works, so that a backlog lasts a while. */
  private static final Duration WORK = Duration.ofMillis(50);

  private final TaskRegistry registry = new TaskRegistry();
  private KafkaRig rig;

  @BeforeEach
  void startRig() {
    rig = new KafkaRig(KAFKA.settings());
  }

  @AfterEach
  void closeRig() throws Exception {
    rig.close();
  }

  @Test
  void aWorkflowRunsToSuccessAndItsRunningStepShowsProgress() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    registry.register("tasks.add", ADD);
    registry.register(
        "tasks.copy",
        context -> {
          context.progress("copy", 10.0, "files").update(4);
          release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          return ADD.run(context);
        });
    rig.worker("rhythm@kafka-1", registry, 2);

    WorkflowId id =
        rig.run(
            List.of(1),
            StepSpec.of("inspect", "tasks.add"),
            StepSpec.of("copy", "tasks.copy"),
            StepSpec.of("verify", "tasks.add"));

    WorkflowView copying =
        rig.await(
            id,
            view ->
                view.steps().get(1).status().equals(TaskState.STARTED)
                    && view.steps().get(1).lastTaskRun().record().result() != null);
    release.countDown();
    WorkflowView done = rig.awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(copying.steps().get(1).lastTaskRun().record().result())
        .asInstanceOf(MAP)
        .containsEntry("name", "copy")
        .containsEntry("done", 4.0)
        .containsEntry("total", 10.0)
        .containsEntry("fraction_done", 0.4);
    assertThat(done.steps().get(2).lastTaskRun().record().result()).isEqualTo(List.of(4L));
    for (int step = 0; step < 3; step++) {
      assertThat(KafkaRig.runs(done, step)).as("runs of step %d", step).isEqualTo(1);
    }
  }

  @Test
  void pausingRevokesTheRunningTaskAndResumingCompletesTheWorkflow() {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    registry.register("tasks.add", ADD);
    registry.register(
        "tasks.archive",
        context -> {
          if (runs.incrementAndGet() == 1) {
            started.countDown();
            new CountDownLatch(1).await();
          }
          return ADD.run(context);
        });
    rig.worker("rhythm@kafka-1", registry, 1);
    WorkflowId id =
        rig.run(
            List.of(1), StepSpec.of("archive", "tasks.archive"), StepSpec.of("stage", "tasks.add"));
    KafkaRig.awaitTrue(() -> started.getCount() == 0);

    rig.service().pause(id);

    WorkflowView paused =
        rig.await(id, view -> view.steps().get(0).status().equals(TaskState.REVOKED));
    assertThat(paused.status()).isEqualTo(WorkflowStatus.REVOKED);
    assertThat(paused.steps().get(0).lastTaskRun().record().result())
        .isEqualTo(TaskFailure.terminated().toJson());
    assertThat(rig.service().resume(id, false, null).resumed()).isTrue();
    WorkflowView done = rig.awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(done.steps().get(1).lastTaskRun().record().result()).isEqualTo(List.of(3L));
    assertThat(runs).hasValue(2);
  }

  @Test
  void aRecordThatIsNotJsonGoesToTheDeadLetterTopicWithItsReasonAndTheWorkerGoesOn() {
    byte[] poison = "{not json".getBytes(UTF_8);

    deadLettersAndGoesOn(poison, "is not a task message: its value is not JSON");
  }

  @Test
  void aJsonRecordThatIsNotATaskMessageGoesToTheDeadLetterTopicWithItsReasonAndTheWorkerGoesOn() {
    byte[] poison = "{\"task\": \"tasks.add\", \"args\": [1]}".getBytes(UTF_8);

    deadLettersAndGoesOn(
        poison,
        "is not a task message: its value is not Celery's 3-element body [args, kwargs, embed]");
  }

  @Test
  void aRecordLargerThanTheMaximumGoesToTheDeadLetterTopicWithItsReasonAndTheWorkerGoesOn() {
    int max = rig.settings().maxMessageBytes();
    byte[] poison = taskBodyOfSize(max + 1);

    deadLettersAndGoesOn(
        poison,
        "is not a task message: its value has " + (max + 1) + " bytes, more than the " + max);
  }

  /**
   * Publishes {@code poison} with the headers of a task message ahead of a workflow on the queue's
   * band of step 1, so the one worker meets the poison first; checks that the poison lands in the
   * dead-letter topic, as it was and with {@code reason}, and that the worker still runs the
   * workflow.
   */
  private void deadLettersAndGoesOn(byte[] poison, String reason) {
    registry.register("tasks.add", ADD);
    rig.worker("rhythm@kafka-1", registry, 1);
    KafkaSettings settings = rig.settings();

    publishRaw(settings, settings.bandTopic(QUEUE, 0), poison);
    WorkflowId after = rig.run(List.of(1), StepSpec.of("inspect", "tasks.add"));

    WorkflowView done = rig.awaitStatus(after, WorkflowStatus.SUCCESS);
    assertThat(done.steps().get(0).lastTaskRun().record().worker()).isEqualTo("rhythm@kafka-1");
    ConsumerRecord<String, byte[]> dead = firstRecord(settings, settings.deadLetterTopic(QUEUE));
    assertThat(dead.value()).isEqualTo(poison);
    assertThat(TaskRecords.header(dead.headers(), TaskRecords.DEAD_LETTER_REASON)).contains(reason);
  }

  /**
   * A Celery body {@code [[1], {"padding": "xx…"}, embed]} of exactly {@code size} bytes: a task
   * message in every way but its size.
   */
  private static byte[] taskBodyOfSize(int size) {
    String head = "[[1], {\"padding\": \"";
    String tail =
        "\"}, {\"callbacks\": null, \"errbacks\": null, \"chain\": null, \"chord\": null}]";
    return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(UTF_8);
  }

  /**
   * With the default three bands, a step's priority by position (DESIGN.md §3.2) puts steps 1–3 in
   * the low band, 4–6 in the middle one and 7 in the high one: step 7 of a running workflow is
   * published after a backlog of new workflows' first steps and runs before them.
   */
  @Test
  void aLaterStepOfARunningWorkflowOvertakesABacklogOfNewWorkflowsByItsPositionAlone() {
    assertThat(rig.settings().priorityBands()).isEqualTo(KafkaSettings.DEFAULT_BANDS);
    CountDownLatch gate = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    registry.register("tasks.add", ADD);
    registry.register(
        "tasks.gate",
        context -> {
          gate.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          return List.of("opened");
        });
    registry.register(
        "tasks.note",
        context -> {
          order.add(context.kwargs().get("step") + ":" + context.kwargs().get("workflow_id"));
          LockSupport.parkNanos(WORK.toNanos());
          return List.of("noted");
        });
    rig.worker("rhythm@kafka-1", registry, 1);
    WorkflowId running =
        rig.run(
            List.of(1),
            StepSpec.of("s1", "tasks.add"),
            StepSpec.of("s2", "tasks.add"),
            StepSpec.of("s3", "tasks.add"),
            StepSpec.of("s4", "tasks.add"),
            StepSpec.of("s5", "tasks.add"),
            StepSpec.of("gate", "tasks.gate"),
            StepSpec.of("later", "tasks.note"));
    rig.await(running, view -> view.steps().get(5).status().equals(TaskState.STARTED));
    List<WorkflowId> backlog = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      backlog.add(rig.run(List.of(), StepSpec.of("first", "tasks.note")));
    }

    gate.countDown();

    rig.awaitStatus(running, WorkflowStatus.SUCCESS);
    backlog.forEach(id -> rig.awaitStatus(id, WorkflowStatus.SUCCESS));
    Step later = rig.store().find(running).orElseThrow().steps().get(6);
    assertThat(later.priority()).as("the step's own priority").isNull();
    assertThat(later.lastDispatch().orElseThrow().priority()).isEqualTo(new TaskPriority(7));
    // In publish order the later step would run last, after the 8 first steps. It may miss the
    // delivery taken just as the gate step is acknowledged, before its record is fetched.
    assertThat(order).hasSize(9);
    assertThat(order.indexOf("later:" + running.value())).isLessThanOrEqualTo(1);
  }

  private static void publishRaw(KafkaSettings settings, String topic, byte[] value) {
    // Room for a value past the maximum, which the broker's own producer refuses to send.
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            settings.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            2 * settings.maxMessageBytes());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "poison", value);
      record.headers().add(TaskRecords.CONTENT_TYPE, TaskRecords.JSON.getBytes(UTF_8));
      record.headers().add(TaskRecords.TASK, "tasks.add".getBytes(UTF_8));
      record.headers().add(TaskRecords.ID, UUID.randomUUID().toString().getBytes(UTF_8));
      producer.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not publish the poison message", e);
    }
  }

  private static ConsumerRecord<String, byte[]> firstRecord(KafkaSettings settings, String topic) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      return KafkaRig.awaitValue(
          () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return records.stream().findFirst();
          });
    }
  }
}
