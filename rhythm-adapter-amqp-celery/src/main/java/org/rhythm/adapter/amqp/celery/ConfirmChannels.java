package org.rhythm.adapter.amqp.celery;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.rhythm.ports.out.PendingPublications;
import org.rhythm.ports.out.TransientFailureException;

/**
 * A small pool of channels in publisher-confirm mode. A publication takes a channel in turn, sends
 * under that channel's lock only, then waits outside any lock for RabbitMQ's confirm, which a
 * listener hands over as it arrives: many threads publish at once and the broker confirms them in
 * batches, with no {@code waitForConfirms} round trip serialised behind one lock.
 */
final class ConfirmChannels implements AutoCloseable {
  private final Connection connection;
  private final Duration timeout;
  private final String server;
  private final Slot[] slots;
  private final AtomicInteger turn = new AtomicInteger();

  ConfirmChannels(Connection connection, int size, Duration timeout, String server) {
    this.connection = connection;
    this.timeout = timeout;
    this.server = server;
    this.slots = new Slot[size];
    for (int i = 0; i < size; i++) {
      slots[i] = new Slot();
    }
  }

  /**
   * Publishes and returns once RabbitMQ confirmed that it has the message.
   *
   * @throws TransientFailureException when RabbitMQ refuses (nacks) the message, the connection is
   *     down or lost before the confirm, or no confirm comes within the timeout
   */
  void publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    awaitConfirm(send(exchange, routingKey, properties, body));
  }

  /**
   * As {@link #publish}, but inside a subscription's handler returns once the message is sent and
   * leaves the wait for the confirm to the delivery's ack ({@link PendingPublications}), which the
   * same failures then turn into a requeue.
   */
  void publishForDelivery(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    CompletableFuture<Void> confirmed = send(exchange, routingKey, properties, body);
    if (PendingPublications.deferring()) {
      PendingPublications.add(
          confirmed
              .orTimeout(timeout.toNanos(), NANOSECONDS)
              .exceptionallyCompose(this::describedFailure));
    } else {
      awaitConfirm(confirmed);
    }
  }

  private CompletableFuture<Void> send(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    Slot slot = slots[Math.floorMod(turn.getAndIncrement(), slots.length)];
    return slot.send(exchange, routingKey, properties, body);
  }

  private void awaitConfirm(CompletableFuture<Void> confirmed) {
    try {
      confirmed.get(timeout.toNanos(), NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof TransientFailureException known
          ? known
          : failure("publication failed", e.getCause());
    } catch (TimeoutException e) {
      throw failure("no publisher confirm within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("interrupted while waiting for the publisher confirm", e);
    }
  }

  private CompletableFuture<Void> describedFailure(Throwable cause) {
    Throwable failure = cause instanceof CompletionException ? cause.getCause() : cause;
    return CompletableFuture.failedFuture(
        failure instanceof TransientFailureException
            ? failure
            : failure instanceof TimeoutException
                ? failure("no publisher confirm within " + timeout, failure)
                : failure("publication failed", failure));
  }

  @Override
  public void close() {
    for (Slot slot : slots) {
      slot.close();
    }
  }

  private TransientFailureException failure(String what, Throwable cause) {
    return new TransientFailureException(
        "RabbitMQ at " + server + ": " + what + ": " + RabbitConnections.describe(cause), cause);
  }

  /** One channel of the pool, replaced when RabbitMQ closed it (a channel error). */
  private final class Slot {
    private final ReentrantLock lock = new ReentrantLock();
    private Confirms current;

    CompletableFuture<Void> send(
        String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
      lock.lock();
      try {
        Confirms confirms = open();
        return confirms.send(exchange, routingKey, properties, body);
      } finally {
        lock.unlock();
      }
    }

    private Confirms open() {
      if (current != null && current.channel.isOpen()) {
        return current;
      }
      if (!connection.isOpen()) {
        // The connection recovers by itself, with this slot's channel; until then nothing goes.
        throw failure("the connection is down and reconnecting", new IOException("no connection"));
      }
      if (current != null) {
        current.abort();
      }
      try {
        current = new Confirms(connection.createChannel());
      } catch (IOException | RuntimeException e) {
        current = null;
        throw failure("could not open a publisher channel", e);
      }
      return current;
    }

    void close() {
      lock.lock();
      try {
        if (current != null) {
          current.abort();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * A confirm-mode channel and its publications awaiting a confirm, by sequence number. When the
   * channel shuts down they all fail: after a recovery the channel numbers its publications from 1
   * again.
   */
  private final class Confirms {
    private final Channel channel;
    private final ConcurrentNavigableMap<Long, CompletableFuture<Void>> outstanding =
        new ConcurrentSkipListMap<>();

    Confirms(Channel channel) throws IOException {
      this.channel = channel;
      channel.confirmSelect();
      channel.addConfirmListener(
          (tag, multiple) -> settle(tag, multiple, null),
          (tag, multiple) ->
              settle(tag, multiple, failure("RabbitMQ refused (nacked) the message", nack())));
      channel.addShutdownListener(this::failAll);
    }

    CompletableFuture<Void> send(
        String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
      long sequence = channel.getNextPublishSeqNo();
      CompletableFuture<Void> confirmed = new CompletableFuture<>();
      outstanding.put(sequence, confirmed);
      try {
        channel.basicPublish(exchange, routingKey, false, properties, body);
      } catch (IOException | RuntimeException e) {
        outstanding.remove(sequence);
        throw failure("could not publish to exchange '" + exchange + "'", e);
      }
      return confirmed;
    }

    private void settle(long tag, boolean multiple, TransientFailureException nack) {
      Map<Long, CompletableFuture<Void>> settled =
          multiple ? outstanding.headMap(tag, true) : single(tag);
      for (CompletableFuture<Void> future : settled.values()) {
        if (nack == null) {
          future.complete(null);
        } else {
          future.completeExceptionally(nack);
        }
      }
      settled.clear();
    }

    private Map<Long, CompletableFuture<Void>> single(long tag) {
      return outstanding.subMap(tag, true, tag, true);
    }

    private void failAll(ShutdownSignalException cause) {
      TransientFailureException lost = failure("the channel closed before the confirm", cause);
      for (Map.Entry<Long, CompletableFuture<Void>> entry = outstanding.pollFirstEntry();
          entry != null;
          entry = outstanding.pollFirstEntry()) {
        entry.getValue().completeExceptionally(lost);
      }
    }

    void abort() {
      try {
        channel.abort();
      } catch (IOException | RuntimeException e) {
        // Already closed: nothing to release.
      }
    }

    private static IOException nack() {
      return new IOException("basic.nack");
    }
  }
}
