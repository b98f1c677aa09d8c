package org.rhythm.app.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.rhythm.adapter.inmemory.InMemoryBroker;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.app.RhythmMain;
import org.rhythm.app.wiring.CoreModule;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ForwardingBroker;
import org.rhythm.ports.out.ResultStore;

/**
 * One in-memory broker and store that every app the commands open shares, as processes share a
 * RabbitMQ and a MongoDB: a worker command and a {@code --direct} command of one test see each
 * other's workflows. Its clock runs with the system's, plus what a test adds.
 */
final class SharedMemory implements AutoCloseable {
  private final InMemoryBroker broker = new InMemoryBroker();
  private final InMemoryResultStore store = new InMemoryResultStore();
  private final MovedClock clock = new MovedClock();

  /** Apps over the shared adapters; closing one leaves them open. */
  AppFactory apps() {
    return config ->
        RhythmMain.create(
            com.google.inject.util.Modules.override(new CoreModule())
                .with(binder -> binder.bind(Clock.class).toInstance(clock)),
            binder -> {
              binder.bind(Broker.class).toInstance(new Unclosed(broker));
              binder.bind(ResultStore.class).toInstance(store);
            });
  }

  /** The shared store, to look at what the commands left in it. */
  ResultStore store() {
    return store;
  }

  /** Moves the apps' clock forward. */
  void advance(Duration step) {
    clock.advance(step);
  }

  @Override
  public void close() {
    broker.close();
  }

  /** The shared broker without its {@code close}, which only this class calls. */
  private static final class Unclosed extends ForwardingBroker {
    Unclosed(Broker broker) {
      super(broker);
    }
  }

  /** The system clock plus an offset the test moves. */
  private static final class MovedClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration step) {
      offset = offset.plus(step);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the tests' clock is in UTC");
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }
}
