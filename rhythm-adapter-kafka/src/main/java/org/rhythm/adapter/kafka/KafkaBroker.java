package org.rhythm.adapter.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.rhythm.domain.task.TaskId;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Connectable;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.TransientFailureException;

/**
 * A {@link Broker} on a Kafka cluster.
 *
 * <p>Each queue has one topic per priority band ({@link KafkaSettings#band}), created on demand,
 * and a dead-letter topic; records are keyed by workflow id so one workflow's steps stay ordered on
 * one partition (record format: {@link TaskRecords}). Publishing goes through one idempotent
 * producer with {@code acks=all} and returns once the cluster has stored the record. The consumers
 * of a queue form one consumer group across processes; in this process one Kafka consumer per queue
 * feeds all the queue's subscriptions ({@link QueueConsumer}), highest band first and, within a
 * band, in the order of each partition. Messages are acknowledged one by one; offsets are committed
 * up to the lowest unsettled one. A requeue, and closing a subscription, re-publish the record
 * flagged redelivered; a reject without requeue publishes it to the queue's dead-letter topic with
 * the reason in a header. Revocations go to one control topic that every listener reads from its
 * end.
 *
 * <p>Ordering is per partition: with more than one partition per topic, messages of different
 * workflows in one band may be delivered in another order than published. A partition handed over
 * after a crash or a rebalance delivers its uncommitted records again, not flagged redelivered; the
 * worker runtime drops a task id that is done, running in this process or held by a lease. A task
 * still running when a rebalance takes its partition away goes on under a lease and its record
 * counts as settled ({@link KafkaSettings#revocationGrace()}). The constructor does no I/O; {@link
 * #start()} connects. Thread-safe.
 */
public final class KafkaBroker implements Broker, Connectable, AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaSettings settings;
  private final ClientConfigs configs;
  private final Map<String, QueueConsumer> consumers = new HashMap<>();
  private final Map<RevocationListener, Boolean> listeners = new ConcurrentHashMap<>();
  private final AtomicInteger threads = new AtomicInteger();
  private volatile State state = State.NEW;
  private KafkaProducer<String, byte[]> producer;
  private Admin admin;
  private TopicWriter writer;
  private Topics topics;

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  public KafkaBroker(KafkaSettings settings) {
    this.settings = requireNonNull(settings, "settings");
    this.configs = new ClientConfigs(settings, UUID.randomUUID().toString(), REQUEST_TIMEOUT);
  }

  /** The settings this broker was made with. */
  public KafkaSettings settings() {
    return settings;
  }

  /**
   * Connects to the cluster, checks that it answers and creates the revocation topic if missing.
   *
   * @throws TransientFailureException when the cluster does not answer within 10 seconds
   * @throws IllegalStateException when the broker is closed
   */
  @Override
  public synchronized void start() {
    if (state == State.STARTED) {
      return;
    }
    if (state == State.CLOSED) {
      throw new IllegalStateException("the Kafka broker is closed");
    }
    admin = Admin.create(configs.admin());
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) START_TIMEOUT.toMillis()))
          .nodes()
          .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      topics = new Topics(admin, settings);
      topics.ensureRevocations();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admin.close(Duration.ZERO);
      throw unreachable(e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      admin.close(Duration.ZERO);
      throw unreachable(e);
    } catch (RuntimeException e) {
      admin.close(Duration.ZERO);
      throw e;
    }
    producer = new KafkaProducer<>(configs.producer());
    writer = new TopicWriter(producer, settings.bootstrapServers());
    state = State.STARTED;
  }

  private TransientFailureException unreachable(Exception e) {
    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
    return new TransientFailureException(
        "Kafka at "
            + settings.bootstrapServers()
            + " did not answer within "
            + START_TIMEOUT.toSeconds()
            + " s: "
            + cause,
        cause);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the encoded message is larger than the configured maximum
   *     message size
   */
  @Override
  public void publish(TaskMessage message) {
    requireNonNull(message, "message");
    ensureStarted();
    ProducerRecord<String, byte[]> record =
        TaskRecords.encode(
            settings.bandTopic(message.queue(), settings.band(message.priority())), message);
    if (record.value().length > settings.maxMessageBytes()) {
      throw new IllegalArgumentException(
          "task "
              + message.taskId().value()
              + " is "
              + record.value().length
              + " bytes as a Kafka record, more than the maximum of "
              + settings.maxMessageBytes());
    }
    topics.ensureQueue(message.queue());
    writer.sendForDelivery(record);
  }

  @Override
  public void revoke(TaskId taskId) {
    requireNonNull(taskId, "taskId");
    ensureStarted();
    writer.send(
        new ProducerRecord<>(
            settings.revocationTopic(), taskId.value(), taskId.value().getBytes(UTF_8)));
  }

  @Override
  public Subscription consume(String queue, int prefetch, Consumer<Delivery> handler) {
    requireNonNull(queue, "queue");
    requireNonNull(handler, "handler");
    if (prefetch < 1) {
      throw new IllegalArgumentException("prefetch is at least 1, not " + prefetch);
    }
    ensureStarted();
    topics.ensureQueue(queue);
    synchronized (consumers) {
      ensureStarted();
      QueueConsumer consumer = consumers.get(queue);
      if (consumer == null) {
        consumer = newQueueConsumer(queue);
        consumers.put(queue, consumer);
        consumer.start();
      }
      KafkaSubscription subscription =
          new KafkaSubscription(
              consumer, prefetch, handler, threadName(queue + "-" + threads.incrementAndGet()));
      consumer.add(subscription);
      return subscription;
    }
  }

  private QueueConsumer newQueueConsumer(String queue) {
    try {
      return new QueueConsumer(
          queue,
          settings,
          writer,
          new KafkaConsumer<>(configs.queueConsumer(queue)),
          this::released);
    } catch (KafkaException e) {
      throw new TransientFailureException(
          "could not create a Kafka consumer for queue " + queue + ": " + e, e);
    }
  }

  /** Closes the queue's consumer when its last subscription has gone. */
  private void released(QueueConsumer consumer) {
    synchronized (consumers) {
      if (consumer.isEmpty() && consumers.get(consumer.queue()) == consumer) {
        consumers.remove(consumer.queue());
        consumer.close();
      }
    }
  }

  @Override
  public Subscription onRevoke(Consumer<TaskId> listener) {
    requireNonNull(listener, "listener");
    ensureStarted();
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(configs.revocationListener());
    RevocationListener subscription;
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(settings.revocationTopic())) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      subscription =
          new RevocationListener(
              consumer,
              partitions,
              listener,
              threadName("revocations-" + threads.incrementAndGet()));
    } catch (KafkaException e) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      throw new TransientFailureException(
          "could not listen to revocations on Kafka at " + settings.bootstrapServers() + ": " + e,
          e);
    }
    listeners.put(subscription, Boolean.TRUE);
    subscription.start();
    return () -> {
      listeners.remove(subscription);
      subscription.close();
    };
  }

  /**
   * Closes every subscription (their unsettled deliveries go back to their queues), commits, leaves
   * the consumer groups and closes the connections. Idempotent.
   */
  @Override
  public void close() {
    List<QueueConsumer> open = stopAccepting();
    if (open == null) {
      return;
    }
    for (QueueConsumer consumer : open) {
      consumer.closeSubscriptions();
    }
    closeClients();
  }

  /**
   * Stops at once as a killed process would: nothing is settled, committed or requeued, and the
   * consumer groups keep this member until its session times out, when its partitions go to another
   * member that delivers their uncommitted records again. Handlers still running are left to return
   * on their own; their settlements do nothing. For tests of crash recovery.
   */
  void halt() {
    List<QueueConsumer> open = stopAccepting();
    if (open == null) {
      return;
    }
    open.forEach(QueueConsumer::halt);
    closeClients();
  }

  private List<QueueConsumer> stopAccepting() {
    synchronized (this) {
      if (state == State.CLOSED) {
        return null;
      }
      boolean started = state == State.STARTED;
      state = State.CLOSED;
      if (!started) {
        return List.of();
      }
    }
    synchronized (consumers) {
      List<QueueConsumer> open = new ArrayList<>(consumers.values());
      return open;
    }
  }

  private void closeClients() {
    listeners.keySet().forEach(RevocationListener::close);
    listeners.clear();
    synchronized (consumers) {
      consumers.values().forEach(QueueConsumer::close);
      consumers.clear();
    }
    if (producer != null) {
      producer.close(REQUEST_TIMEOUT);
    }
    if (admin != null) {
      admin.close(REQUEST_TIMEOUT);
    }
  }

  private void ensureStarted() {
    State now = state;
    if (now != State.STARTED) {
      throw new IllegalStateException(
          now == State.NEW ? "the Kafka broker is not started" : "the Kafka broker is closed");
    }
  }

  private String threadName(String suffix) {
    return "rhythm-kafka-" + suffix;
  }
}
