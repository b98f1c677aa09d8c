package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.MalformedMessageException;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.testkit.contract.BrokerContract;

class InMemoryBrokerTest extends BrokerContract {
  private final InMemoryBroker broker = new InMemoryBroker();

  @Override
  protected Broker broker() {
    return broker;
  }

  @AfterEach
  void closeBroker() {
    broker.close();
  }

  @Test
  void aMalformedMessageIsDeliveredButItsMessageCannotBeDecoded() throws InterruptedException {
    String queue = freshQueue();
    BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    broker.consume(queue, 1, received::add);
    broker.publishMalformed(queue, "body is not JSON");
    Delivery delivery = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

    assertThatThrownBy(delivery::message)
        .isInstanceOf(MalformedMessageException.class)
        .hasMessage("body is not JSON");
  }

  @Test
  void consumersRunOnDaemonThreadsNamedAfterTheirQueue() throws InterruptedException {
    String queue = freshQueue();
    BlockingQueue<Thread> handlerThreads = new LinkedBlockingQueue<>();
    broker.consume(queue, 1, delivery -> handlerThreads.add(Thread.currentThread()));

    broker.publish(message(queue));

    Thread thread = handlerThreads.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(thread).isNotNull();
    assertThat(thread.getName()).startsWith("rhythm-inmemory-" + queue);
    assertThat(thread.isDaemon()).isTrue();
  }

  @Test
  void aHandlerThatThrowsDoesNotStopItsConsumer() throws InterruptedException {
    String queue = freshQueue();
    BlockingQueue<Throwable> reported = new LinkedBlockingQueue<>();
    BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    broker.consume(
        queue,
        2,
        delivery -> {
          Thread.currentThread().setUncaughtExceptionHandler((thread, e) -> reported.add(e));
          received.add(delivery);
          throw new IllegalStateException("handler failed");
        });

    broker.publish(message(queue));
    broker.publish(message(queue));

    assertThat(received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
    assertThat(received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
    assertThat(reported.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .hasMessage("handler failed");
  }

  @Test
  void closingTheBrokerStopsItsConsumerThreads() throws InterruptedException {
    String queue = freshQueue();
    BlockingQueue<Thread> handlerThreads = new LinkedBlockingQueue<>();
    broker.consume(queue, 1, delivery -> handlerThreads.add(Thread.currentThread()));
    broker.publish(message(queue));
    Thread thread = handlerThreads.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

    broker.close();

    assertThat(thread).isNotNull();
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void aClosedBrokerRefusesToPublish() {
    TaskMessage message = message(freshQueue());
    broker.close();

    assertThatThrownBy(() -> broker.publish(message)).isInstanceOf(IllegalStateException.class);
  }

  private static String freshQueue() {
    return "inmemory-" + UUID.randomUUID();
  }

  private static TaskMessage message(String queue) {
    return new TaskMessage(
        TaskId.of(UUID.randomUUID().toString()),
        "rhythm.inmemory.noop",
        queue,
        List.of(),
        Map.of(),
        new TaskPriority(0),
        0);
  }
}
