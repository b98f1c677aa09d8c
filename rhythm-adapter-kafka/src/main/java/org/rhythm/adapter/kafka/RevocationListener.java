package org.rhythm.adapter.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.rhythm.domain.task.TaskId;
import org.rhythm.ports.out.Subscription;

/**
 * One revocation listener: a consumer of its own, in no group, that reads every partition of the
 * revocation topic from the end it had when the listener was registered, on a daemon thread.
 */
final class RevocationListener implements Subscription {
  private static final System.Logger LOG = System.getLogger(RevocationListener.class.getName());
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration FAILURE_PAUSE = Duration.ofMillis(500);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Consumer<TaskId> listener;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Assigns the partitions and fixes the positions at their current ends before returning, so the
   * listener hears exactly the revocations sent from now on.
   */
  RevocationListener(
      KafkaConsumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      Consumer<TaskId> listener,
      String threadName) {
    this.consumer = consumer;
    this.listener = listener;
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    // seekToEnd is lazy: asking the position resolves it now, not at the first poll.
    partitions.forEach(consumer::position);
    this.thread = new Thread(this::listen, threadName);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void listen() {
    try {
      while (!closed) {
        pollOnce();
      }
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
  }

  private void pollOnce() {
    try {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        if (closed) {
          return;
        }
        hear(record);
      }
    } catch (WakeupException e) {
      // close() woke the poll.
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "revocation listener failed, polling again: {0}", e.toString());
      LockSupport.parkNanos(FAILURE_PAUSE.toNanos());
    }
  }

  private void hear(ConsumerRecord<String, byte[]> record) {
    TaskId taskId;
    try {
      taskId = TaskId.of(new String(record.value(), UTF_8));
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "ignored a revocation that names no task id at {0}-{1}@{2}",
          record.topic(),
          record.partition(),
          record.offset());
      return;
    }
    try {
      listener.accept(taskId);
    } catch (RuntimeException e) {
      Thread current = Thread.currentThread();
      current.getUncaughtExceptionHandler().uncaughtException(current, e);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumer.wakeup();
    if (thread != Thread.currentThread()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
