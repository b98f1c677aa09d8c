package org.rhythm.adapter.mongo;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.rhythm.domain.task.TaskId;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;

/**
 * A broker for the store's tests that only records what is published: nothing consumes, and a
 * revocation fails the test.
 */
final class RecordingBroker implements Broker {
  private final List<TaskMessage> published = new CopyOnWriteArrayList<>();

  @Override
  public void publish(TaskMessage message) {
    published.add(message);
  }

  @Override
  public void revoke(TaskId taskId) {
    throw new AssertionError("nothing is to be revoked in this test, yet " + taskId + " was");
  }

  @Override
  public Subscription consume(String queue, int prefetch, Consumer<Delivery> handler) {
    throw new UnsupportedOperationException("nothing consumes in this test");
  }

  @Override
  public Subscription onRevoke(Consumer<TaskId> listener) {
    throw new UnsupportedOperationException("nothing listens to revocations in this test");
  }

  List<TaskMessage> published() {
    return List.copyOf(published);
  }

  TaskMessage last() {
    return published.get(published.size() - 1);
  }

  void clear() {
    published.clear();
  }
}
