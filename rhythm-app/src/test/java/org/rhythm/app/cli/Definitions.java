package org.rhythm.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Workflow definitions as {@code rhythm start} reads them: the body of POST /workflows. */
final class Definitions {
  private Definitions() {}

  /** A workflow of steps named after their tasks' last word, on queue {@code cli}. */
  static String of(String name, String... tasks) {
    return onQueue(CliTestTasks.QUEUE, name, tasks);
  }

  /** A workflow of steps named after their tasks' last word, on this queue. */
  static String onQueue(String queue, String name, String... tasks) {
    List<String> steps = new ArrayList<>();
    for (String task : tasks) {
      String step = task.substring(task.lastIndexOf('.') + 1);
      steps.add(
          "{\"name\": \"" + step + "\", \"task\": \"" + task + "\", \"queue\": \"" + queue + "\"}");
    }
    return "{\"name\": \""
        + name
        + "\", \"app_id\": \"cli-test\", \"steps\": ["
        + String.join(", ", steps)
        + "], \"args\": [\"batch-1\"]}";
  }

  /** Writes the definition into a file of the directory; returns the file's path as text. */
  static String file(Path dir, String definition) {
    try {
      Path file = Files.createTempFile(dir, "workflow", ".json");
      Files.writeString(file, definition);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
