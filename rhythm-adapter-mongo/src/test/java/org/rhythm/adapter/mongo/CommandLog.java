package org.rhythm.adapter.mongo;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The names of the commands a MongoDB client sent since the log was last cleared: its round trips.
 */
final class CommandLog implements CommandListener {
  private final ConcurrentLinkedQueue<String> names = new ConcurrentLinkedQueue<>();

  @Override
  public void commandStarted(CommandStartedEvent event) {
    names.add(event.getCommandName());
  }

  void clear() {
    names.clear();
  }

  /** The command names sent since the last {@link #clear}, in order. */
  List<String> commands() {
    return new ArrayList<>(names);
  }
}
