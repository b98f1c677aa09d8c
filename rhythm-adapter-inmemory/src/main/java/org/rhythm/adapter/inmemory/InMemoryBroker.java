package org.rhythm.adapter.inmemory;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rhythm.domain.task.TaskId;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.MalformedMessageException;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;

/**
 * A thread-safe {@link Broker} inside this process: the embedded default when Rhythm runs without
 * RabbitMQ or Kafka. Nothing it holds survives the process.
 *
 * <p>Each queue keeps its messages by priority, 9 first, and within a priority by a sequence number
 * given at publication; a requeued message keeps its number and so goes back to its place. Each
 * consumer has its own daemon thread, named {@code rhythm-inmemory-<queue>-<n>}, that calls its
 * handler; one daemon thread, {@code rhythm-inmemory-revocations}, calls revocation listeners, each
 * revocation in the order of the calls to {@link #revoke}. No handler or listener is ever called on
 * the caller's thread.
 *
 * <p>A handler or listener that throws does not stop its thread: the exception goes to the thread's
 * uncaught-exception handler and a delivery left unsettled stays unsettled. Closing a consumer, or
 * the broker, waits for a handler call in progress to return; after {@link #close()} the broker
 * refuses every call with {@link IllegalStateException}.
 */
public final class InMemoryBroker implements Broker, AutoCloseable {
  /** Higher priorities first; within a priority, the order of publication. */
  private static final Comparator<Envelope> DELIVERY_ORDER =
      Comparator.comparingInt(Envelope::priority).reversed().thenComparingLong(Envelope::sequence);

  private final ConcurrentMap<String, MessageQueue> queues = new ConcurrentHashMap<>();
  private final Set<QueueConsumer> consumers = ConcurrentHashMap.newKeySet();
  private final InMemoryRevocations revocations = new InMemoryRevocations();
  private final AtomicInteger consumerCount = new AtomicInteger();
  private volatile boolean closed;

  @Override
  public void publish(TaskMessage message) {
    requireNonNull(message, "message");
    ensureOpen();
    queue(message.queue()).add(() -> message, message.priority().value());
  }

  /**
   * Publishes, at priority 0, a message that cannot be decoded: {@link Delivery#message()} of each
   * of its deliveries throws {@link MalformedMessageException} with {@code reason}. It stands for
   * an undecodable message put on the queue by another producer (not JSON, a refused content type,
   * missing fields), so that tests can check what a worker does with one.
   */
  public void publishMalformed(String queue, String reason) {
    requireNonNull(queue, "queue");
    requireNonNull(reason, "reason");
    ensureOpen();
    queue(queue)
        .add(
            () -> {
              throw new MalformedMessageException(reason);
            },
            0);
  }

  @Override
  public void revoke(TaskId taskId) {
    requireNonNull(taskId, "taskId");
    ensureOpen();
    revocations.broadcast(taskId);
  }

  @Override
  public Subscription consume(String queue, int prefetch, Consumer<Delivery> handler) {
    requireNonNull(queue, "queue");
    requireNonNull(handler, "handler");
    if (prefetch < 1) {
      throw new IllegalArgumentException("prefetch is at least 1, not " + prefetch);
    }
    ensureOpen();
    QueueConsumer consumer = new QueueConsumer(queue(queue), prefetch, handler, consumers::remove);
    consumers.add(consumer);
    // Checked again after registering, so that a close() running now either sees this consumer or
    // is seen here.
    if (closed) {
      consumers.remove(consumer);
      throw closedBroker();
    }
    consumer.start("rhythm-inmemory-" + queue + "-" + consumerCount.incrementAndGet());
    return consumer;
  }

  @Override
  public Subscription onRevoke(Consumer<TaskId> listener) {
    requireNonNull(listener, "listener");
    ensureOpen();
    return revocations.listen(listener);
  }

  /**
   * Stops every consumer and the revocation thread, waiting for handler and listener calls in
   * progress to return. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    consumers.forEach(QueueConsumer::close);
    revocations.close();
  }

  private MessageQueue queue(String name) {
    return queues.computeIfAbsent(name, any -> new MessageQueue());
  }

  private void ensureOpen() {
    if (closed) {
      throw closedBroker();
    }
  }

  static IllegalStateException closedBroker() {
    return new IllegalStateException("the in-memory broker is closed");
  }

  static void report(RuntimeException e) {
    Thread thread = Thread.currentThread();
    thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
  }

  static void joinUninterruptibly(Thread thread) {
    if (thread == null || thread == Thread.currentThread()) {
      return;
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A message on a queue; {@code payload} decodes it. */
  private record Envelope(
      Supplier<TaskMessage> payload, int priority, long sequence, boolean redelivered) {

    /** This envelope going back to its queue; flagged redelivered if it was delivered. */
    Envelope returned(boolean delivered) {
      return new Envelope(payload, priority, sequence, redelivered || delivered);
    }
  }

  /**
   * One queue and its consumers. Every field is guarded by {@code lock}, which consumers'
   * conditions share.
   */
  private static final class MessageQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Envelope> waiting = new PriorityQueue<>(DELIVERY_ORDER);
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private long nextSequence;
    private int nextToWake;

    void add(Supplier<TaskMessage> payload, int priority) {
      lock.lock();
      try {
        waiting.add(new Envelope(payload, priority, nextSequence++, false));
        wakeOne();
      } finally {
        lock.unlock();
      }
    }

    /**
     * Wakes one waiting consumer with room, taking turns. A consumer that is busy in its handler
     * needs no waking: it looks at the queue again before it waits.
     */
    void wakeOne() {
      int count = consumers.size();
      for (int i = 0; i < count; i++) {
        QueueConsumer consumer = consumers.get((nextToWake + i) % count);
        if (consumer.parked && consumer.hasRoom()) {
          nextToWake = (nextToWake + i + 1) % count;
          consumer.parked = false;
          consumer.wakeUp.signal();
          return;
        }
      }
    }
  }

  /**
   * A consumer: its dispatcher thread and its unsettled deliveries, guarded by its queue's lock.
   */
  private static final class QueueConsumer implements Subscription {
    private final MessageQueue queue;
    private final int prefetch;
    private final Consumer<Delivery> handler;
    private final Consumer<QueueConsumer> onClosed;
    private final Condition wakeUp;
    private final Set<QueuedDelivery> unsettled = new HashSet<>();
    private boolean parked;
    private volatile boolean closed;
    private Thread thread;

    QueueConsumer(
        MessageQueue queue,
        int prefetch,
        Consumer<Delivery> handler,
        Consumer<QueueConsumer> onClosed) {
      this.queue = queue;
      this.prefetch = prefetch;
      this.handler = handler;
      this.onClosed = onClosed;
      this.wakeUp = queue.lock.newCondition();
    }

    void start(String threadName) {
      queue.lock.lock();
      try {
        if (closed) {
          return;
        }
        queue.consumers.add(this);
        thread = new Thread(this::dispatch, threadName);
        thread.setDaemon(true);
        thread.start();
      } finally {
        queue.lock.unlock();
      }
    }

    boolean hasRoom() {
      return unsettled.size() < prefetch;
    }

    private void dispatch() {
      List<QueuedDelivery> batch = new ArrayList<>();
      while (take(batch)) {
        for (QueuedDelivery delivery : batch) {
          if (closed) {
            break;
          }
          delivery.handedOver = true;
          try {
            handler.accept(delivery);
          } catch (RuntimeException e) {
            report(e);
          }
        }
        batch.clear();
      }
    }

    /** Waits for messages and room, then takes as many as there is room for; false once closed. */
    private boolean take(List<QueuedDelivery> batch) {
      queue.lock.lock();
      try {
        while (!closed && (queue.waiting.isEmpty() || !hasRoom())) {
          parked = true;
          wakeUp.awaitUninterruptibly();
        }
        parked = false;
        if (closed) {
          return false;
        }
        while (hasRoom() && !queue.waiting.isEmpty()) {
          QueuedDelivery delivery = new QueuedDelivery(queue.waiting.poll(), this);
          unsettled.add(delivery);
          batch.add(delivery);
        }
        if (!queue.waiting.isEmpty()) {
          queue.wakeOne();
        }
        return true;
      } finally {
        queue.lock.unlock();
      }
    }

    void settle(QueuedDelivery delivery, boolean requeue) {
      queue.lock.lock();
      try {
        unsettled.remove(delivery);
        if (requeue) {
          queue.waiting.add(delivery.envelope.returned(true));
        }
        if (!queue.waiting.isEmpty()) {
          queue.wakeOne();
        }
      } finally {
        queue.lock.unlock();
      }
    }

    @Override
    public void close() {
      queue.lock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        queue.consumers.remove(this);
        wakeUp.signal();
      } finally {
        queue.lock.unlock();
      }
      // Once the thread has ended no handler call can start, so every unsettled delivery can safely
      // go back.
      joinUninterruptibly(thread);
      requeueUnsettled();
      onClosed.accept(this);
    }

    private void requeueUnsettled() {
      queue.lock.lock();
      try {
        for (QueuedDelivery delivery : unsettled) {
          if (delivery.settled.compareAndSet(false, true)) {
            queue.waiting.add(delivery.envelope.returned(delivery.handedOver));
            queue.wakeOne();
          }
        }
        unsettled.clear();
      } finally {
        queue.lock.unlock();
      }
    }
  }

  /**
   * One delivery of an envelope to a consumer. {@code settled} decides which settlement takes
   * effect: the first ack or reject, or the consumer's close.
   */
  private static final class QueuedDelivery implements Delivery {
    private final Envelope envelope;
    private final QueueConsumer consumer;
    private final AtomicBoolean settled = new AtomicBoolean();
    private boolean handedOver;

    QueuedDelivery(Envelope envelope, QueueConsumer consumer) {
      this.envelope = envelope;
      this.consumer = consumer;
    }

    @Override
    public TaskMessage message() {
      return envelope.payload().get();
    }

    @Override
    public boolean redelivered() {
      return envelope.redelivered();
    }

    @Override
    public void ack() {
      if (settled.compareAndSet(false, true)) {
        consumer.settle(this, false);
      }
    }

    @Override
    public void reject(boolean requeue) {
      if (settled.compareAndSet(false, true)) {
        consumer.settle(this, requeue);
      }
    }
  }
}
