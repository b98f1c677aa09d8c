package org.rhythm.adapter.inmemory;

import static org.rhythm.adapter.inmemory.InMemoryBroker.closedBroker;
import static org.rhythm.adapter.inmemory.InMemoryBroker.joinUninterruptibly;
import static org.rhythm.adapter.inmemory.InMemoryBroker.report;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.rhythm.domain.task.TaskId;
import org.rhythm.ports.out.Subscription;

/**
 * The in-memory broker's revocation listeners and the thread that calls them: each revocation
 * reaches the listeners registered when it was made, in order, on that thread.
 */
final class InMemoryRevocations {
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition pending = lock.newCondition();
  private final ArrayDeque<Broadcast> broadcasts = new ArrayDeque<>();
  private boolean closed;
  private Thread thread;

  Subscription listen(Consumer<TaskId> callback) {
    Listener listener = new Listener(callback, listeners);
    lock.lock();
    try {
      if (closed) {
        throw closedBroker();
      }
      if (thread == null) {
        thread = new Thread(this::dispatch, "rhythm-inmemory-revocations");
        thread.setDaemon(true);
        thread.start();
      }
      listeners.add(listener);
    } finally {
      lock.unlock();
    }
    return listener;
  }

  void broadcast(TaskId taskId) {
    List<Listener> registered = List.copyOf(listeners);
    if (registered.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      broadcasts.add(new Broadcast(taskId, registered));
      pending.signal();
    } finally {
      lock.unlock();
    }
  }

  private void dispatch() {
    for (Broadcast broadcast = next(); broadcast != null; broadcast = next()) {
      for (Listener listener : broadcast.listeners()) {
        listener.hear(broadcast.taskId());
      }
    }
  }

  /** The next broadcast to deliver, waiting for one; null once closed. */
  private Broadcast next() {
    lock.lock();
    try {
      while (!closed && broadcasts.isEmpty()) {
        pending.awaitUninterruptibly();
      }
      return closed ? null : broadcasts.poll();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    Thread stopping;
    lock.lock();
    try {
      closed = true;
      broadcasts.clear();
      pending.signal();
      stopping = thread;
    } finally {
      lock.unlock();
    }
    listeners.forEach(Listener::close);
    joinUninterruptibly(stopping);
  }

  /** A revocation and the listeners registered when it was made. */
  private record Broadcast(TaskId taskId, List<Listener> listeners) {}

  /** A registered revocation listener; it hears nothing once closed. */
  private static final class Listener implements Subscription {
    private final Consumer<TaskId> callback;
    private final List<Listener> registry;
    private volatile boolean closed;

    Listener(Consumer<TaskId> callback, List<Listener> registry) {
      this.callback = callback;
      this.registry = registry;
    }

    void hear(TaskId taskId) {
      if (closed) {
        return;
      }
      try {
        callback.accept(taskId);
      } catch (RuntimeException e) {
        report(e);
      }
    }

    @Override
    public void close() {
      closed = true;
      registry.remove(this);
    }
  }
}
