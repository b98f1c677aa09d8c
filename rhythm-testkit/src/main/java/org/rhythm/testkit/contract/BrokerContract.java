package org.rhythm.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;

/**
 * The contract of {@link Broker}, {@link Delivery} and {@link Subscription}: one test per sentence
 * of their Javadoc.
 *
 * <p>Every test uses fresh random queue names and task ids, so the broker may hold other tests'
 * data. A test waits for what must arrive up to {@link #TIMEOUT}, and for what must not arrive
 * during {@link #quietPeriod()}.
 */
public abstract class BrokerContract {
  /** How long a test waits for a delivery or a revocation that must arrive. */
  protected static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final List<Subscription> subscriptions = new ArrayList<>();

  /** A broker ready for use. It may already hold other tests' queues, messages and listeners. */
  protected abstract Broker broker();

  /**
   * How long a test watches for a delivery or a revocation that must not come. Long enough for the
   * broker to have delivered it if it were going to; an adapter whose deliveries travel further may
   * lengthen it.
   */
  protected Duration quietPeriod() {
    return Duration.ofMillis(200);
  }

  /**
   * The rank by which the broker orders a queue's waiting messages: higher ranks are delivered
   * first, equal ranks in the order published. By default the priority itself (0–9). A broker that
   * orders coarser, in bands, returns the band; one that does not order by priority at all returns
   * one rank for every priority, and the contract then asks for plain publish order.
   */
  protected int priorityRank(TaskPriority priority) {
    return priority.value();
  }

  /**
   * Whether the broker keeps publish order between messages of different workflows, as the port's
   * {@code Broker.publish} allows it not to: one that spreads a queue over partitions keyed by
   * workflow id keeps it only among the messages of one workflow.
   */
  protected boolean keepsOrderAcrossWorkflows() {
    return true;
  }

  @AfterEach
  void closeSubscriptions() {
    subscriptions.forEach(Subscription::close);
  }

  @Test
  void aPublishedMessageIsDeliveredEqualToWhatWasPublished() {
    TaskMessage message = message(freshQueue(), 5);
    broker().publish(message);

    Inbox inbox = consume(message.queue(), 1);

    assertThat(inbox.next().message()).isEqualTo(message);
  }

  @Test
  void theHandlerIsCalledOnTheBrokersThreadsNotThePublishers() throws InterruptedException {
    String queue = freshQueue();
    BlockingQueue<Thread> handlerThreads = new LinkedBlockingQueue<>();
    subscribe(broker().consume(queue, 1, delivery -> handlerThreads.add(Thread.currentThread())));

    broker().publish(message(queue, 0));

    assertThat(handlerThreads.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .isNotNull()
        .isNotSameAs(Thread.currentThread());
  }

  @Test
  void higherPrioritiesAreDeliveredFirst() {
    String queue = freshQueue();
    List<TaskMessage> published =
        Stream.of(0, 9, 4, 9, 1, 7, 5).map(priority -> message(queue, priority)).toList();
    published.forEach(broker()::publish);

    Inbox inbox = consume(queue, published.size());

    List<Integer> ranks =
        inbox.next(published.size()).stream()
            .map(delivery -> priorityRank(delivery.message().priority()))
            .toList();
    assertThat(ranks).isSortedAccordingTo(Comparator.reverseOrder());
  }

  @Test
  void messagesOfOneRankAreDeliveredInTheOrderPublished() {
    assumeTrue(
        keepsOrderAcrossWorkflows(), "the broker keeps publish order only within a workflow");
    String queue = freshQueue();
    List<TaskMessage> published =
        Stream.of(0, 9, 4, 9, 1, 7, 5, 3, 3, 3).map(priority -> message(queue, priority)).toList();
    published.forEach(broker()::publish);
    List<TaskMessage> expected = new ArrayList<>(published);
    // A stable sort: equal ranks keep their publish order.
    expected.sort(
        Comparator.comparingInt((TaskMessage m) -> priorityRank(m.priority())).reversed());

    Inbox inbox = consume(queue, published.size());

    assertThat(inbox.next(published.size()))
        .extracting(Delivery::message)
        .containsExactlyElementsOf(expected);
  }

  @Test
  void messagesOfOneWorkflowAndRankAreDeliveredInTheOrderPublished() {
    String queue = freshQueue();
    List<TaskMessage> published = publishOfOneWorkflow(queue, 5);

    Inbox inbox = consume(queue, published.size());

    assertThat(inbox.next(published.size()))
        .extracting(Delivery::message)
        .containsExactlyElementsOf(published);
  }

  @Test
  void publishingTheSameTaskIdTwiceGivesTwoDeliveries() {
    TaskMessage message = message(freshQueue(), 2);
    Inbox inbox = consume(message.queue(), 2);

    broker().publish(message);
    broker().publish(message);

    assertThat(inbox.next(2)).extracting(Delivery::message).containsExactly(message, message);
  }

  @Test
  void aRevocationReachesEveryListenerRegisteredBeforeIt() {
    TaskId revoked = freshTaskId();
    Listener first = listen();
    Listener second = listen();

    broker().revoke(revoked);

    assertThat(first.hears(revoked, TIMEOUT)).isTrue();
    assertThat(second.hears(revoked, TIMEOUT)).isTrue();
  }

  @Test
  void aRevocationIsNotHeardByListenersRegisteredAfterIt() {
    TaskId earlier = freshTaskId();
    TaskId later = freshTaskId();
    Listener before = listen();
    broker().revoke(earlier);

    Listener after = listen();
    broker().revoke(later);

    assertThat(before.hears(earlier, TIMEOUT)).isTrue();
    assertThat(after.hears(later, TIMEOUT)).isTrue();
    assertThat(after.heard()).doesNotContain(earlier);
  }

  @Test
  void aClosedRevocationListenerHearsNothing() {
    TaskId revoked = freshTaskId();
    Listener closed = listen();
    Listener open = listen();
    closed.subscription().close();

    broker().revoke(revoked);

    assertThat(open.hears(revoked, TIMEOUT)).isTrue();
    assertThat(closed.hears(revoked, quietPeriod())).isFalse();
  }

  @Test
  void closingARevocationListenerTwiceIsHarmless() {
    Listener listener = listen();

    listener.subscription().close();

    assertThatCode(listener.subscription()::close).doesNotThrowAnyException();
  }

  @Test
  void noMoreThanPrefetchDeliveriesAreUnsettledAtATime() {
    String queue = freshQueue();
    publish(queue, 5);

    Inbox inbox = consume(queue, 2);

    assertThat(inbox.next(2)).hasSize(2);
    assertThat(inbox.nextWithin(quietPeriod())).isEmpty();
  }

  @Test
  void settlingADeliveryLetsTheNextOneCome() {
    String queue = freshQueue();
    List<TaskMessage> published = publishOfOneWorkflow(queue, 5);
    Inbox inbox = consume(queue, 2);
    Delivery first = inbox.next();
    inbox.next();

    first.ack();

    assertThat(inbox.next().message()).isEqualTo(published.get(2));
    assertThat(inbox.nextWithin(quietPeriod())).isEmpty();
  }

  @Test
  void aPrefetchBelowOneIsRefused() {
    String queue = freshQueue();

    assertThatThrownBy(() -> subscribe(broker().consume(queue, 0, delivery -> {})))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFirstDeliveryIsNotFlaggedRedelivered() {
    String queue = freshQueue();
    publish(queue, 1);

    Inbox inbox = consume(queue, 1);

    assertThat(inbox.next().redelivered()).isFalse();
  }

  @Test
  void anAckedMessageIsNeverDeliveredAgain() {
    String queue = freshQueue();
    publish(queue, 1);
    Inbox first = consume(queue, 1);
    Delivery delivery = first.next();

    delivery.ack();

    first.subscription().close();
    assertThat(consume(queue, 1).nextWithin(quietPeriod())).isEmpty();
  }

  @Test
  void aMessageRejectedWithRequeueIsDeliveredAgainFlaggedRedelivered() {
    String queue = freshQueue();
    TaskMessage message = publish(queue, 1).get(0);
    Inbox inbox = consume(queue, 1);
    Delivery delivery = inbox.next();

    delivery.reject(true);

    Delivery again = inbox.next();
    assertThat(again.message()).isEqualTo(message);
    assertThat(again.redelivered()).isTrue();
  }

  @Test
  void aMessageRejectedWithoutRequeueIsDropped() {
    String queue = freshQueue();
    publish(queue, 1);
    Inbox first = consume(queue, 1);
    Delivery delivery = first.next();

    delivery.reject(false);

    first.subscription().close();
    assertThat(consume(queue, 1).nextWithin(quietPeriod())).isEmpty();
  }

  @Test
  void aRejectAfterAnAckDoesNothing() {
    String queue = freshQueue();
    publish(queue, 1);
    Inbox inbox = consume(queue, 1);
    Delivery delivery = inbox.next();

    delivery.ack();
    delivery.reject(true);

    assertThat(inbox.nextWithin(quietPeriod())).isEmpty();
  }

  @Test
  void anAckAfterARequeueDoesNothing() {
    String queue = freshQueue();
    TaskMessage message = publish(queue, 1).get(0);
    Inbox inbox = consume(queue, 1);
    Delivery delivery = inbox.next();

    delivery.reject(true);
    delivery.ack();

    Delivery again = inbox.next();
    assertThat(again.message()).isEqualTo(message);
    assertThat(again.redelivered()).isTrue();
  }

  @Test
  void aDeliveryMayBeSettledFromAnyThread() throws InterruptedException {
    String queue = freshQueue();
    List<TaskMessage> published = publishOfOneWorkflow(queue, 2);
    Inbox inbox = consume(queue, 1);
    Delivery delivery = inbox.next();

    Thread settler = new Thread(delivery::ack, "broker-contract-settler");
    settler.start();
    settler.join(TIMEOUT.toMillis());

    assertThat(inbox.next().message()).isEqualTo(published.get(1));
  }

  @Test
  void closingASubscriptionReturnsItsUnsettledDeliveriesFlaggedRedelivered() {
    String queue = freshQueue();
    TaskMessage message = publish(queue, 1).get(0);
    Inbox first = consume(queue, 1);
    first.next();

    first.subscription().close();

    Delivery again = consume(queue, 1).next();
    assertThat(again.message()).isEqualTo(message);
    assertThat(again.redelivered()).isTrue();
  }

  @Test
  void closingASubscriptionTwiceReturnsItsDeliveriesOnce() {
    String queue = freshQueue();
    TaskMessage message = publish(queue, 1).get(0);
    Inbox first = consume(queue, 1);
    first.next();

    first.subscription().close();
    first.subscription().close();

    Inbox second = consume(queue, 2);
    assertThat(second.next().message()).isEqualTo(message);
    assertThat(second.nextWithin(quietPeriod())).isEmpty();
  }

  @Test
  void aClosedConsumerGetsNoMoreDeliveries() {
    String queue = freshQueue();
    Inbox closed = consume(queue, 1);
    closed.subscription().close();
    Inbox open = consume(queue, 1);

    TaskMessage message = publish(queue, 1).get(0);

    Delivery delivery = open.next();
    assertThat(delivery.message()).isEqualTo(message);
    assertThat(delivery.redelivered()).isFalse();
    assertThat(closed.nextWithin(Duration.ZERO)).isEmpty();
  }

  @Test
  void messagesPublishedToOneQueueAreNotDeliveredToAnotherQueuesConsumer() {
    String queue = freshQueue();
    Inbox other = consume(freshQueue(), 1);

    publish(queue, 1);

    assertThat(other.nextWithin(quietPeriod())).isEmpty();
  }

  @Test
  void aSubscriptionHandsOverOneDeliveryAtATimeWhileOthersGoOn() throws InterruptedException {
    String queue = freshQueue();
    CountDownLatch release = new CountDownLatch(1);
    BlockingQueue<Delivery> entered = new LinkedBlockingQueue<>();
    subscribe(
        broker()
            .consume(
                queue,
                2,
                delivery -> {
                  entered.add(delivery);
                  awaitQuietly(release);
                  delivery.ack();
                }));
    String otherQueue = freshQueue();
    Inbox other = consume(otherQueue, 1);
    publish(queue, 2);
    Delivery first = entered.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

    TaskMessage elsewhere = message(otherQueue, 5);
    broker().publish(elsewhere);

    assertThat(first).isNotNull();
    assertThat(other.next().message()).isEqualTo(elsewhere);
    assertThat(entered.poll(quietPeriod().toMillis(), TimeUnit.MILLISECONDS)).isNull();
    release.countDown();
    assertThat(entered.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void consumersOfOneQueueShareItsMessagesEachDeliveredOnce() {
    String queue = freshQueue();
    BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    Inbox first = consumeAcking(queue, 1, received);
    consumeAcking(queue, 1, received);

    List<TaskMessage> published = publish(queue, 20);

    assertThat(first.next(published.size()))
        .extracting(Delivery::message)
        .containsExactlyInAnyOrderElementsOf(published);
    assertThat(first.nextWithin(quietPeriod())).isEmpty();
  }

  /** Publishes {@code count} messages of one priority, each of another workflow. */
  private List<TaskMessage> publish(String queue, int count) {
    List<TaskMessage> published = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TaskMessage message = message(queue, 5);
      broker().publish(message);
      published.add(message);
    }
    return published;
  }

  /**
   * Publishes {@code count} messages of one priority and one workflow, which every broker delivers
   * in the order published.
   */
  private List<TaskMessage> publishOfOneWorkflow(String queue, int count) {
    String workflowId = UUID.randomUUID().toString();
    List<TaskMessage> published = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TaskMessage message = message(queue, 5, workflowId);
      broker().publish(message);
      published.add(message);
    }
    return published;
  }

  private Inbox consume(String queue, int prefetch) {
    BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    return new Inbox(received, subscribe(broker().consume(queue, prefetch, received::add)));
  }

  /** A consumer that acks every delivery as it comes, into a sink other consumers may share. */
  private Inbox consumeAcking(String queue, int prefetch, BlockingQueue<Delivery> received) {
    Subscription subscription =
        broker()
            .consume(
                queue,
                prefetch,
                delivery -> {
                  received.add(delivery);
                  delivery.ack();
                });
    return new Inbox(received, subscribe(subscription));
  }

  private Listener listen() {
    BlockingQueue<TaskId> heard = new LinkedBlockingQueue<>();
    return new Listener(heard, new ArrayList<>(), subscribe(broker().onRevoke(heard::add)));
  }

  private Subscription subscribe(Subscription subscription) {
    subscriptions.add(subscription);
    return subscription;
  }

  private static String freshQueue() {
    return "contract-" + UUID.randomUUID();
  }

  private static TaskId freshTaskId() {
    return TaskId.of(UUID.randomUUID().toString());
  }

  private static TaskMessage message(String queue, int priority) {
    return message(queue, priority, UUID.randomUUID().toString());
  }

  private static TaskMessage message(String queue, int priority, String workflowId) {
    return new TaskMessage(
        freshTaskId(),
        "rhythm.contract.noop",
        queue,
        List.of("input.txt", 7L),
        Map.of("workflow_id", workflowId, "step", "inspect"),
        new TaskPriority(priority),
        0);
  }

  /** The deliveries a consumer received, in the order its handler was called. */
  private record Inbox(BlockingQueue<Delivery> received, Subscription subscription) {

    Delivery next() {
      return nextWithin(TIMEOUT).orElseGet(() -> fail("no delivery within " + TIMEOUT));
    }

    List<Delivery> next(int count) {
      List<Delivery> deliveries = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        deliveries.add(next());
      }
      return deliveries;
    }

    Optional<Delivery> nextWithin(Duration wait) {
      try {
        return Optional.ofNullable(received.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fail("interrupted while waiting for a delivery", e);
      }
    }
  }

  /**
   * The revocations a listener heard. Other processes on the same broker may revoke tasks too, so a
   * test looks only for its own task ids. {@code history} belongs to the test thread.
   */
  private record Listener(
      BlockingQueue<TaskId> received, List<TaskId> history, Subscription subscription) {

    /**
     * Whether the listener hears {@code taskId} within {@code wait}, counting what it heard before.
     */
    boolean hears(TaskId taskId, Duration wait) {
      long deadline = System.nanoTime() + wait.toNanos();
      try {
        while (!heard().contains(taskId)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TaskId next = received.poll(left, TimeUnit.NANOSECONDS);
          if (next != null) {
            history.add(next);
          }
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fail("interrupted while waiting for a revocation", e);
      }
    }

    /** Every revocation heard so far. */
    List<TaskId> heard() {
      received.drainTo(history);
      return List.copyOf(history);
    }
  }
}
