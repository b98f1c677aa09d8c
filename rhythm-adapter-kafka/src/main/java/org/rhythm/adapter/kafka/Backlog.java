package org.rhythm.adapter.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records a queue's consumer fetched and has not handed out yet, one line per priority band.
 * The next record comes from the highest band that has one, but only when no higher band is known
 * to hold records still on the broker: so a backlog is drained in band order even when the fetches
 * of several bands come back apart. Not thread-safe: guarded by its consumer's lock.
 */
final class Backlog {
  /** A fetched record and the progress of its partition. */
  record Fetched(ConsumerRecord<String, byte[]> record, PartitionProgress progress) {}

  private final List<ArrayDeque<Fetched>> bands = new ArrayList<>();
  private final boolean[] behind;

  Backlog(int bandCount) {
    for (int i = 0; i < bandCount; i++) {
      bands.add(new ArrayDeque<>());
    }
    behind = new boolean[bandCount];
  }

  void add(Fetched fetched) {
    bands.get(fetched.progress().band()).add(fetched);
  }

  /** How many records of {@code band} wait here. */
  int waiting(int band) {
    return bands.get(band).size();
  }

  /**
   * Says which bands have records on the broker that were not fetched yet (or may have: a partition
   * whose lag is not known counts as behind).
   */
  void behind(boolean[] bandsBehind) {
    System.arraycopy(bandsBehind, 0, behind, 0, behind.length);
  }

  /** The next record to hand out, or null when there is none or a higher band must come first. */
  Fetched next() {
    for (int band = bands.size() - 1; band >= 0; band--) {
      Fetched first = bands.get(band).poll();
      if (first != null) {
        return first;
      }
      if (behind[band]) {
        return null;
      }
    }
    return null;
  }

  /** Forgets the records of partitions that went to another member: they will be fetched there. */
  void drop(Set<TopicPartition> partitions) {
    for (ArrayDeque<Fetched> band : bands) {
      band.removeIf(fetched -> partitions.contains(fetched.progress().partition()));
    }
  }
}
