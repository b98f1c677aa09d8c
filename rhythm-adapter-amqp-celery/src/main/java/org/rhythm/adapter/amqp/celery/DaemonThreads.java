package org.rhythm.adapter.amqp.celery;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Single daemon threads, one per subscription, so that handlers never run on amqp-client's pool.
 */
final class DaemonThreads {
  private DaemonThreads() {}

  /**
   * A single-thread executor whose thread, started on first use, is a daemon named {@code name}.
   */
  static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
