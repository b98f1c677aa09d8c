package org.rhythm.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.PendingPublications;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;

/**
 * A handler's publication returns before Kafka acknowledges it, and the handler's ack waits for
 * that acknowledgement ({@link PendingPublications}): what a handler hands over is as safe as if
 * the publication had waited, and a record the cluster refuses puts the delivery back on its queue.
 */
class DeferredAcksIT {
  @RegisterExtension static final KafkaTestServer KAFKA = new KafkaTestServer();

  private static final String IN = "in";
  private static final String NEXT = "next";

  private KafkaBroker broker;
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

  /** A delivery of the handler, as it saw it. */
  private record Seen(TaskId taskId, boolean redelivered) {}

  @BeforeEach
  void startBroker() {
    broker = new KafkaBroker(KAFKA.settings());
    broker.start();
  }

  @AfterEach
  void closeBroker() {
    broker.close();
  }

  @Test
  void theNextStepPublishedInAHandlerIsStoredWhenItsDeliveryIsAcked() throws Exception {
    TaskMessage first = message(IN, "x");
    Subscription in =
        broker.consume(
            IN,
            1,
            delivery -> {
              broker.publish(message(NEXT, "y"));
              delivery.ack();
            });
    BlockingQueue<TaskMessage> next = new LinkedBlockingQueue<>();
    Subscription out =
        broker.consume(
            NEXT,
            1,
            delivery -> {
              next.add(delivery.message());
              delivery.ack();
            });
    broker.publish(first);

    assertThat(next.poll(30, TimeUnit.SECONDS)).isNotNull();
    in.close();
    out.close();
  }

  @Test
  void aDeliveryWhoseHandlerSentARecordTheClusterRefusedGoesBackToItsQueue() throws Exception {
    // The next queue's topics take records of at most 200 bytes: the cluster refuses the next step.
    refuseLargeRecordsOn(NEXT);
    TaskMessage first = message(IN, "x");
    Subscription in =
        broker.consume(
            IN,
            1,
            delivery -> {
              seen.add(new Seen(delivery.message().taskId(), delivery.redelivered()));
              if (!delivery.redelivered()) {
                broker.publish(message(NEXT, "y".repeat(1_000)));
              }
              delivery.ack();
            });
    broker.publish(first);

    Seen once = seen.poll(30, TimeUnit.SECONDS);
    Seen again = seen.poll(30, TimeUnit.SECONDS);
    assertThat(once).isEqualTo(new Seen(first.taskId(), false));
    assertThat(again).isEqualTo(new Seen(first.taskId(), true));
    in.close();
  }

  private void refuseLargeRecordsOn(String queue) throws ExecutionException, InterruptedException {
    KafkaSettings settings = broker.settings();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
      List<NewTopic> topics =
          IntStream.range(0, settings.priorityBands())
              .mapToObj(
                  band ->
                      new NewTopic(settings.bandTopic(queue, band), 1, (short) 1)
                          .configs(Map.of("max.message.bytes", "200")))
              .toList();
      admin.createTopics(topics).all().get();
    }
  }

  private static TaskMessage message(String queue, String argument) {
    return new TaskMessage(
        new TaskId(UUID.randomUUID().toString()),
        "rhythm.test.step",
        queue,
        List.of(argument),
        Map.of(),
        new TaskPriority(5),
        0);
  }
}
