package org.rhythm.adapter.kafka;

import java.util.OptionalLong;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * What this process fetched from one partition it owns and what of it is settled: per-message
 * acknowledgement on top of Kafka's single offset. The offset to commit is the lowest one not yet
 * settled, or the one after the last fetched when all are: a slow message holds the commit back but
 * never the delivery of the messages behind it. Not thread-safe: guarded by its consumer's lock.
 */
final class PartitionProgress {
  private final TopicPartition partition;
  private final int band;
  private final TreeSet<Long> unsettled = new TreeSet<>();
  private int handedOut;
  private long nextFetched = -1;
  private long committed = -1;
  private boolean owned = true;

  PartitionProgress(TopicPartition partition, int band) {
    this.partition = partition;
    this.band = band;
  }

  TopicPartition partition() {
    return partition;
  }

  int band() {
    return band;
  }

  /** Whether this process still owns the partition; settling a message of a lost one is local. */
  boolean isOwned() {
    return owned;
  }

  /** The partition went to another member: nothing of it is committed from here anymore. */
  void disown() {
    owned = false;
  }

  void fetched(long offset) {
    unsettled.add(offset);
    nextFetched = Math.max(nextFetched, offset + 1);
  }

  /** A fetched record of this partition went to a subscription. */
  void handedOut() {
    handedOut++;
  }

  /** Whether a record handed to a subscription is not settled yet. */
  boolean hasHandedOutUnsettled() {
    return handedOut > 0;
  }

  /** A record handed to a subscription is settled. */
  void settled(long offset) {
    unsettled.remove(offset);
    handedOut--;
  }

  /**
   * The offset to commit now, if it moved since the last commit: the first unsettled offset, or the
   * one after the last fetched.
   */
  OptionalLong toCommit() {
    if (nextFetched < 0) {
      return OptionalLong.empty();
    }
    long offset = unsettled.isEmpty() ? nextFetched : unsettled.first();
    return offset > committed ? OptionalLong.of(offset) : OptionalLong.empty();
  }

  void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  /** A commit did not go through: the next one sends the current offset again. */
  void commitFailed() {
    committed = -1;
  }
}
