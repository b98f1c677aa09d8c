package org.rhythm.adapter.kafka;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.rhythm.adapter.kafka.Backlog.Fetched;
import org.rhythm.adapter.kafka.KafkaDelivery.Settlement;

/**
 * The one Kafka consumer of a queue in this process, a member of the queue's group, polled by its
 * own daemon thread, feeding every subscription of the queue in this process.
 *
 * <p>Records wait in a {@link Backlog} until a subscription with room takes one, highest band
 * first. A band's partitions are paused while its backlog is full, and polling goes on, so the
 * group keeps the member while tasks run for hours. Offsets are committed from the poll thread,
 * every {@link #COMMIT_INTERVAL} at most, up to the lowest unsettled offset of each partition. A
 * requeue re-publishes the record, flagged redelivered, before its offset counts as settled; a dead
 * letter is published to the queue's dead-letter topic with the reason first. When the group takes
 * partitions away, it waits up to {@link KafkaSettings#revocationGrace()} for the tasks handed out
 * from them; a task still running then is held by a lease instead of its record ({@link
 * org.rhythm.ports.out.Delivery#onWithdrawal}) and its record counts as settled. Offsets are
 * committed up to the lowest unsettled one, and the rest is left to the new owner, which delivers
 * it again (the worker runtime drops a task id already done, or held by a lease).
 */
final class QueueConsumer {
  private static final System.Logger LOG = System.getLogger(QueueConsumer.class.getName());
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration FAILURE_PAUSE = Duration.ofMillis(500);

  /** How often settled offsets are committed while the consumer runs. */
  static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);

  /** How long a partition may lag without moving before lower bands stop waiting for it. */
  static final Duration STALL_LIMIT = Duration.ofSeconds(5);

  /** The most records a band's backlog holds before its partitions are paused. */
  static final int BACKLOG_PER_BAND = 64;

  private enum Ending {
    RUNNING,
    ORDERLY,
    ABRUPT
  }

  private final String queue;
  private final KafkaSettings settings;
  private final TopicWriter writer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Consumer<QueueConsumer> onEmpty;
  private final Map<String, Integer> bandOfTopic = new HashMap<>();
  private final Thread poller;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Backlog backlog;
  private final Map<TopicPartition, PartitionProgress> owned = new HashMap<>();
  private final Set<KafkaSubscription> subscriptions = new HashSet<>();

  /** The bands whose partitions the last poll paused, their backlog being full; under the lock. */
  private final boolean[] pausedBands;

  /**
   * When settled offsets were last committed, by {@link System#nanoTime}; the poll thread's own.
   */
  private long lastCommit = System.nanoTime();

  /** When each assigned partition last caught up or gave records; the poll thread's own. */
  private final Map<TopicPartition, Long> lastMoved = new HashMap<>();

  private volatile Ending ending = Ending.RUNNING;

  QueueConsumer(
      String queue,
      KafkaSettings settings,
      TopicWriter writer,
      KafkaConsumer<String, byte[]> consumer,
      Consumer<QueueConsumer> onEmpty) {
    this.queue = queue;
    this.settings = settings;
    this.writer = writer;
    this.consumer = consumer;
    this.onEmpty = onEmpty;
    this.backlog = new Backlog(settings.priorityBands());
    this.pausedBands = new boolean[settings.priorityBands()];
    for (int band = 0; band < settings.priorityBands(); band++) {
      bandOfTopic.put(settings.bandTopic(queue, band), band);
    }
    this.poller = new Thread(this::pollUntilClosed, "rhythm-kafka-" + queue + "-poller");
    this.poller.setDaemon(true);
  }

  String queue() {
    return queue;
  }

  void start() {
    poller.start();
  }

  /** Adds a subscription and starts its thread; false when this consumer is closing. */
  boolean add(KafkaSubscription subscription) {
    lock.lock();
    try {
      if (ending != Ending.RUNNING) {
        return false;
      }
      subscriptions.add(subscription);
    } finally {
      lock.unlock();
    }
    subscription.start();
    return true;
  }

  /** Whether no subscription is left. */
  boolean isEmpty() {
    lock.lock();
    try {
      return subscriptions.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next delivery for {@code subscription}, waiting for room and a record; null once the
   * subscription is closed.
   */
  KafkaDelivery next(KafkaSubscription subscription) {
    lock.lock();
    try {
      while (!subscription.closed) {
        if (subscription.hasRoom()) {
          Fetched fetched = backlog.next();
          if (fetched != null) {
            fetched.progress().handedOut();
            resumeWhenDrained(fetched.progress().band());
            KafkaDelivery delivery =
                new KafkaDelivery(this, subscription, fetched, settings.maxMessageBytes());
            subscription.unsettled.add(delivery);
            return delivery;
          }
        }
        changed.awaitUninterruptibly();
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes the poll thread once a paused band's backlog has drained to half, so that it resumes the
   * band's partitions now rather than when its poll times out: the workers would otherwise run dry
   * while their records wait on the broker. Called under the lock.
   */
  private void resumeWhenDrained(int band) {
    if (pausedBands[band] && backlog.waiting(band) <= BACKLOG_PER_BAND / 2) {
      pausedBands[band] = false;
      consumer.wakeup();
    }
  }

  /**
   * Settles {@code delivery} as {@code how} says, if nothing settled it before.
   *
   * @throws org.rhythm.ports.out.TransientFailureException when the copy of a requeued or
   *     dead-lettered record could not be published; the delivery then stays unsettled
   */
  void settle(KafkaDelivery delivery, Settlement how) {
    boolean owner;
    lock.lock();
    try {
      if (delivery.settled) {
        return;
      }
      delivery.settled = true;
      owner = delivery.fetched().progress().isOwned() && ending != Ending.ABRUPT;
    } finally {
      lock.unlock();
    }
    if (owner && how != Settlement.ACK) {
      try {
        writer.send(copy(delivery, how));
      } catch (RuntimeException e) {
        lock.lock();
        try {
          delivery.settled = false;
        } finally {
          lock.unlock();
        }
        throw e;
      }
    }
    lock.lock();
    try {
      delivery.subscription().unsettled.remove(delivery);
      PartitionProgress progress = delivery.fetched().progress();
      if (ending != Ending.ABRUPT) {
        progress.settled(delivery.fetched().record().offset());
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private ProducerRecord<String, byte[]> copy(KafkaDelivery delivery, Settlement how) {
    ConsumerRecord<String, byte[]> record = delivery.fetched().record();
    return how == Settlement.REQUEUE
        ? TaskRecords.copy(record.topic(), record, TaskRecords.REDELIVERED, "true")
        : TaskRecords.copy(
            settings.deadLetterTopic(queue),
            record,
            TaskRecords.DEAD_LETTER_REASON,
            delivery.deadLetterReason());
  }

  /** Marks {@code subscription} closed and wakes its thread; false if it was closed before. */
  boolean closing(KafkaSubscription subscription) {
    lock.lock();
    try {
      if (subscription.closed) {
        return false;
      }
      subscription.closed = true;
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The deliveries of {@code subscription} not settled yet. */
  List<KafkaDelivery> unsettledOf(KafkaSubscription subscription) {
    lock.lock();
    try {
      return new ArrayList<>(subscription.unsettled);
    } finally {
      lock.unlock();
    }
  }

  /** Forgets a closed subscription; the last one to go closes this consumer. */
  void closed(KafkaSubscription subscription) {
    lock.lock();
    try {
      subscriptions.remove(subscription);
    } finally {
      lock.unlock();
    }
    onEmpty.accept(this);
  }

  /** Closes every subscription: their unsettled deliveries go back to the queue. */
  void closeSubscriptions() {
    List<KafkaSubscription> all;
    lock.lock();
    try {
      all = new ArrayList<>(subscriptions);
    } finally {
      lock.unlock();
    }
    all.forEach(KafkaSubscription::close);
  }

  /** Commits what is settled, leaves the group and stops the poll thread. */
  void close() {
    stop(Ending.ORDERLY);
  }

  /**
   * Stops as a dead process would: no commit, no requeue, and the group keeps the member until its
   * session times out; what was delivered and not committed goes to another member then.
   */
  void halt() {
    List<KafkaSubscription> all;
    lock.lock();
    try {
      all = new ArrayList<>(subscriptions);
    } finally {
      lock.unlock();
    }
    stop(Ending.ABRUPT);
    all.forEach(KafkaSubscription::halt);
  }

  private void stop(Ending how) {
    lock.lock();
    try {
      if (ending == Ending.RUNNING) {
        ending = how;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    consumer.wakeup();
    if (poller != Thread.currentThread()) {
      try {
        poller.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void pollUntilClosed() {
    try {
      consumer.subscribe(new ArrayList<>(bandOfTopic.keySet()), new Rebalance());
      while (ending == Ending.RUNNING) {
        pollOnce();
      }
    } finally {
      finish();
    }
  }

  private void pollOnce() {
    try {
      pauseFullBands();
      ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
      boolean[] behind = bandsBehind(records);
      lock.lock();
      try {
        for (ConsumerRecord<String, byte[]> record : records) {
          PartitionProgress progress =
              owned.get(new TopicPartition(record.topic(), record.partition()));
          if (progress != null) {
            progress.fetched(record.offset());
            backlog.add(new Fetched(record, progress));
          }
        }
        backlog.behind(behind);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      commitSettledEvery(COMMIT_INTERVAL);
    } catch (WakeupException e) {
      // close() or halt() woke the poll, or a paused band drained: the loop looks at why.
    } catch (RuntimeException e) {
      // The cluster may come back: the member keeps polling rather than leave the queue unserved.
      LOG.log(Level.WARNING, "Kafka consumer of queue {0} failed, polling again: {1}", queue, e);
      LockSupport.parkNanos(FAILURE_PAUSE.toNanos());
    }
  }

  private void pauseFullBands() {
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    lock.lock();
    try {
      for (int band = 0; band < pausedBands.length; band++) {
        pausedBands[band] = backlog.waiting(band) >= BACKLOG_PER_BAND;
      }
      for (PartitionProgress progress : owned.values()) {
        (pausedBands[progress.band()] ? pause : resume).add(progress.partition());
      }
    } finally {
      lock.unlock();
    }
    consumer.pause(pause);
    consumer.resume(resume);
  }

  /**
   * The bands with a partition whose records on the broker are not all fetched, or not known yet. A
   * partition that has not moved for {@link #STALL_LIMIT} (its leader gone, say) stops counting, so
   * it does not hold the lower bands back for good. Called on the poll thread only.
   */
  private boolean[] bandsBehind(ConsumerRecords<String, byte[]> records) {
    long now = System.nanoTime();
    boolean[] behind = new boolean[settings.priorityBands()];
    Set<TopicPartition> assigned = consumer.assignment();
    lastMoved.keySet().retainAll(assigned);
    for (TopicPartition partition : assigned) {
      OptionalLong lag = consumer.currentLag(partition);
      boolean caughtUp = lag.isPresent() && lag.getAsLong() == 0;
      if (caughtUp || !records.records(partition).isEmpty()) {
        lastMoved.put(partition, now);
      }
      long since = lastMoved.computeIfAbsent(partition, any -> now);
      if (!caughtUp && now - since < STALL_LIMIT.toNanos()) {
        behind[bandOfTopic.get(partition.topic())] = true;
      }
    }
    return behind;
  }

  /**
   * Commits what is settled if the last commit is {@code interval} old: a commit is a write on the
   * cluster, and a record settled but not committed yet is at worst delivered again after a crash,
   * where the worker drops a task already done. Called on the poll thread only.
   */
  private void commitSettledEvery(Duration interval) {
    long now = System.nanoTime();
    if (now - lastCommit >= interval.toNanos()) {
      lastCommit = now;
      commitSettled(false);
    }
  }

  /** Commits the settled offsets of the partitions owned here, or of {@code only} those. */
  private void commitSettled(boolean sync) {
    commit(sync, null);
  }

  private void commit(boolean sync, Collection<TopicPartition> only) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    lock.lock();
    try {
      for (PartitionProgress progress : owned.values()) {
        if (only != null && !only.contains(progress.partition())) {
          continue;
        }
        OptionalLong offset = progress.toCommit();
        if (offset.isPresent()) {
          offsets.put(progress.partition(), new OffsetAndMetadata(offset.getAsLong()));
          progress.committed(offset.getAsLong());
        }
      }
    } finally {
      lock.unlock();
    }
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      commitSync(offsets);
    } else {
      consumer.commitAsync(
          offsets,
          (committed, error) -> {
            if (error != null) {
              LOG.log(Level.DEBUG, "queue {0}: a commit failed, trying again: {1}", queue, error);
              retryCommit(offsets.keySet());
            }
          });
    }
  }

  private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      consumer.commitSync(offsets);
    } catch (WakeupException e) {
      // The wake-up of close() met the commit instead of a poll; the commit still has to happen.
      commitSync(offsets);
    } catch (KafkaException e) {
      LOG.log(Level.WARNING, "queue {0}: could not commit {1}: {2}", queue, offsets, e);
    }
  }

  private void retryCommit(Collection<TopicPartition> partitions) {
    lock.lock();
    try {
      for (TopicPartition partition : partitions) {
        PartitionProgress progress = owned.get(partition);
        if (progress != null) {
          progress.commitFailed();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void finish() {
    try {
      if (ending == Ending.ABRUPT) {
        consumer.close(
            CloseOptions.groupMembershipOperation(
                    CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                .withTimeout(Duration.ZERO));
      } else {
        commit(true, null);
        consumer.close();
      }
    } catch (KafkaException e) {
      LOG.log(Level.WARNING, "queue {0}: the Kafka consumer did not close cleanly: {1}", queue, e);
    } finally {
      lock.lock();
      try {
        owned.values().forEach(PartitionProgress::disown);
        owned.clear();
        if (ending == Ending.RUNNING) {
          ending = Ending.ABRUPT;
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Follows the group's assignment of partitions to this member. */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      lock.lock();
      try {
        for (TopicPartition partition : partitions) {
          owned.computeIfAbsent(
              partition, any -> new PartitionProgress(partition, bandOfTopic.get(any.topic())));
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        if (ending != Ending.ABRUPT) {
          awaitHandedOut(partitions).forEach(this::withdraw);
          commit(true, partitions);
        }
      } finally {
        forget(partitions);
      }
    }

    /**
     * Stops handing out the partitions' fetched records (the new owner fetches them again) and
     * waits, up to the revocation grace, for those handed out to be settled; returns those that are
     * not.
     */
    private List<KafkaDelivery> awaitHandedOut(Collection<TopicPartition> partitions) {
      long deadline = System.nanoTime() + settings.revocationGrace().toNanos();
      lock.lock();
      try {
        backlog.drop(new HashSet<>(partitions));
        while (ending != Ending.ABRUPT && anyHandedOut(partitions)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return handedOutUnsettled(partitions);
          }
          changed.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
      return List.of();
    }

    /** Under the lock: the deliveries handed out from {@code partitions} and not settled yet. */
    private List<KafkaDelivery> handedOutUnsettled(Collection<TopicPartition> partitions) {
      List<KafkaDelivery> unsettled = new ArrayList<>();
      for (KafkaSubscription subscription : subscriptions) {
        for (KafkaDelivery delivery : subscription.unsettled) {
          // One being settled (its requeue or dead letter is being written) is left to finish.
          if (!delivery.settled && partitions.contains(delivery.fetched().progress().partition())) {
            unsettled.add(delivery);
          }
        }
      }
      return unsettled;
    }

    /**
     * A delivery still unsettled when its partition goes: settled here if its handler takes the
     * work over, so the new owner does not run it a second time; left to the new owner otherwise.
     */
    private void withdraw(KafkaDelivery delivery) {
      long offset = delivery.fetched().record().offset();
      if (delivery.takenOverOnWithdrawal()) {
        settle(delivery, Settlement.ACK);
        LOG.log(
            Level.INFO,
            "queue {0}: offset {1} of {2} still runs after the revocation grace of {3}; its handler"
                + " holds it by a lease, and its record counts as settled",
            queue,
            offset,
            delivery.fetched().progress().partition(),
            settings.revocationGrace());
      } else {
        LOG.log(
            Level.WARNING,
            "queue {0}: offset {1} of {2} still runs after the revocation grace of {3} and goes to"
                + " the new owner of the partition",
            queue,
            offset,
            delivery.fetched().progress().partition(),
            settings.revocationGrace());
      }
    }

    private boolean anyHandedOut(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        PartitionProgress progress = owned.get(partition);
        if (progress != null && progress.hasHandedOutUnsettled()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
      lock.lock();
      try {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        for (TopicPartition partition : gone) {
          PartitionProgress progress = owned.remove(partition);
          if (progress != null) {
            progress.disown();
          }
        }
        backlog.drop(gone);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
