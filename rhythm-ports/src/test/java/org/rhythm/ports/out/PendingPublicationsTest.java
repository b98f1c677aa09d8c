package org.rhythm.ports.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingPublicationsTest {
  @AfterEach
  void endHandling() {
    PendingPublications.end();
  }

  @Test
  void aThreadHandlingNoDeliveryDoesNotDeferAndHasNothingPending() {
    assertThat(PendingPublications.deferring()).isFalse();
    assertThat(PendingPublications.settle()).isCompleted();
    assertThatThrownBy(() -> PendingPublications.add(new CompletableFuture<>()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no unsettled delivery");
  }

  @Test
  void settlingWaitsForEveryPublicationOfTheDeliveryAndStopsDeferring() {
    CompletableFuture<Void> first = new CompletableFuture<>();
    CompletableFuture<Void> second = new CompletableFuture<>();
    PendingPublications.begin();
    PendingPublications.add(first);
    PendingPublications.add(second);

    CompletableFuture<Void> settled = PendingPublications.settle();

    assertThat(PendingPublications.deferring()).isFalse();
    first.complete(null);
    assertThat(settled).isNotDone();
    second.complete(null);
    assertThat(settled).isCompleted();
  }

  @Test
  void oneRefusedPublicationFailsTheSettlement() {
    CompletableFuture<Void> refused = new CompletableFuture<>();
    PendingPublications.begin();
    PendingPublications.add(refused);
    CompletableFuture<Void> settled = PendingPublications.settle();

    refused.completeExceptionally(new TransientFailureException("nacked", null));

    assertThatThrownBy(settled::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(TransientFailureException.class);
  }

  @Test
  void whatTheNextDeliveryPublishesIsItsOwn() {
    CompletableFuture<Void> earlier = new CompletableFuture<>();
    PendingPublications.begin();
    PendingPublications.add(earlier);
    assertThat(PendingPublications.end()).isNotDone();

    PendingPublications.begin();

    assertThat(PendingPublications.deferring()).isTrue();
    assertThat(PendingPublications.settle()).isCompleted();
  }

  @Test
  void theStateIsTheCallingThreadsOwn() throws InterruptedException {
    PendingPublications.begin();
    AtomicReference<Boolean> elsewhere = new AtomicReference<>();
    Thread other = new Thread(() -> elsewhere.set(PendingPublications.deferring()));
    other.start();
    other.join();

    assertThat(elsewhere.get()).isFalse();
    assertThat(PendingPublications.deferring()).isTrue();
  }
}
