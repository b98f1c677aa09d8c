package org.rhythm.ports.out;

/**
 * An adapter that opens connections: adapters that own connections to a server implement it, and
 * the app calls {@link #start()} once, after building the adapter and before any use; the adapter
 * is closed through {@link AutoCloseable} when the app stops (STYLE.md §6).
 */
public interface Connectable {

  /**
   * Opens the adapter's connections and checks that its server answers; the adapter may be used
   * once this returns. Calling it again on a started adapter does nothing.
   *
   * @throws TransientFailureException when the server cannot be reached
   */
  void start();
}
