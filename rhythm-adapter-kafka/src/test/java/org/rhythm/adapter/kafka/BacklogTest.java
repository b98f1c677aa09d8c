package org.rhythm.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.rhythm.adapter.kafka.Backlog.Fetched;

class BacklogTest {
  private final PartitionProgress low = progress("q.p0", 0);
  private final PartitionProgress middle = progress("q.p1", 1);
  private final PartitionProgress high = progress("q.p2", 2);
  private final Backlog backlog = new Backlog(3);

  @Test
  void theHighestBandGoesFirstAndEachBandInFetchOrder() {
    add(low, 0);
    add(high, 0);
    add(low, 1);
    add(middle, 0);
    add(high, 1);

    List<String> taken = drain();

    assertThat(taken).containsExactly("q.p2@0", "q.p2@1", "q.p1@0", "q.p0@0", "q.p0@1");
  }

  @Test
  void aLowerBandWaitsWhileAHigherBandHasRecordsNotFetchedYet() {
    add(low, 0);

    backlog.behind(new boolean[] {false, false, true});

    assertThat(backlog.next()).isNull();
  }

  @Test
  void aBandBehindDoesNotHoldBackRecordsOfAHigherBand() {
    add(middle, 0);

    backlog.behind(new boolean[] {true, false, false});

    assertThat(backlog.next()).isNotNull();
  }

  @Test
  void recordsOfPartitionsGoneToAnotherMemberAreDropped() {
    add(low, 0);
    add(high, 0);

    backlog.drop(Set.of(high.partition()));

    assertThat(drain()).containsExactly("q.p0@0");
    assertThat(backlog.waiting(2)).isZero();
  }

  private void add(PartitionProgress progress, long offset) {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>(progress.partition().topic(), 0, offset, "k", new byte[0]);
    backlog.add(new Fetched(record, progress));
  }

  private List<String> drain() {
    List<String> taken = new ArrayList<>();
    for (Fetched next = backlog.next(); next != null; next = backlog.next()) {
      taken.add(next.record().topic() + "@" + next.record().offset());
    }
    return taken;
  }

  private static PartitionProgress progress(String topic, int band) {
    return new PartitionProgress(new TopicPartition(topic, 0), band);
  }
}
