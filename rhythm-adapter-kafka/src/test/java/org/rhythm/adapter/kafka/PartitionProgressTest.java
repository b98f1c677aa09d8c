package org.rhythm.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {
  private final PartitionProgress progress = new PartitionProgress(new TopicPartition("t", 0), 0);

  @Test
  void nothingIsCommittedBeforeAnythingIsFetched() {
    assertThat(progress.toCommit()).isEmpty();
  }

  @Test
  void theCommitStopsAtTheLowestUnsettledOffset() {
    fetchAndHandOut(10, 11, 12);

    progress.settled(11);
    progress.settled(12);

    assertThat(progress.toCommit()).isEqualTo(OptionalLong.of(10));
  }

  @Test
  void whenEverythingFetchedIsSettledTheCommitGoesPastTheLast() {
    fetchAndHandOut(10, 11, 12);
    progress.settled(11);
    progress.settled(12);

    progress.settled(10);

    assertThat(progress.toCommit()).isEqualTo(OptionalLong.of(13));
    assertThat(progress.hasHandedOutUnsettled()).isFalse();
  }

  @Test
  void anOffsetIsCommittedOnceAndAgainAfterAFailedCommit() {
    fetchAndHandOut(4);
    progress.settled(4);
    progress.committed(5);

    OptionalLong again = progress.toCommit();
    progress.commitFailed();

    assertThat(again).isEmpty();
    assertThat(progress.toCommit()).isEqualTo(OptionalLong.of(5));
  }

  @Test
  void aFetchedRecordNotHandedOutHoldsTheCommitButNoHandOver() {
    progress.fetched(20);
    fetchAndHandOut(21);

    progress.settled(21);

    assertThat(progress.hasHandedOutUnsettled()).isFalse();
    assertThat(progress.toCommit()).isEqualTo(OptionalLong.of(20));
  }

  private void fetchAndHandOut(long... offsets) {
    for (long offset : offsets) {
      progress.fetched(offset);
      progress.handedOut();
    }
  }
}
