package org.rhythm.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.worker.TaskModule;
import org.rhythm.ports.worker.TaskModules;
import picocli.CommandLine.Option;

/**
 * {@code --jar FILE}: jars of {@link TaskModule}s to load besides those on the class path, each
 * listed in the jar's {@code META-INF/services/org.rhythm.ports.worker.TaskModule}.
 */
final class TaskJars {
  @Option(
      names = "--jar",
      paramLabel = "JAR",
      description =
          "a jar of task modules, listed in its META-INF/services/"
              + "org.rhythm.ports.worker.TaskModule (repeatable); the class path's modules are"
              + " always loaded")
  List<Path> jars;

  /** The modules of the class path and the jars, with the class loader their tasks run in. */
  record Loaded(TaskModules modules, URLClassLoader loader) implements AutoCloseable {
    /** The queues to serve when none are named: the modules' and the default queue. */
    List<String> defaultQueues() {
      Set<String> queues = new LinkedHashSet<>(modules.queues());
      queues.add(ServiceSettings.DEFAULTS.defaultQueue());
      return List.copyOf(queues);
    }

    /** Prints the tasks served and the module of each. */
    void describe(PrintStream out) {
      int width = modules.tasks().keySet().stream().mapToInt(String::length).max().orElse(0);
      modules
          .tasks()
          .forEach(
              (task, module) ->
                  out.println("  " + task + " ".repeat(width - task.length()) + "  " + module));
    }

    @Override
    public void close() {
      try {
        loader.close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing the task jars failed", e);
      }
    }
  }

  /** The jars given; empty when none were. */
  List<Path> files() {
    return jars == null ? List.of() : List.copyOf(jars);
  }

  Loaded load() {
    List<Path> files = files();
    URL[] urls = new URL[files.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = url(files.get(i));
    }
    URLClassLoader loader = new URLClassLoader(urls, TaskJars.class.getClassLoader());
    try {
      return new Loaded(TaskModules.load(loader), loader);
    } catch (RuntimeException e) {
      new Loaded(TaskModules.of(List.of()), loader).close();
      throw e;
    }
  }

  private static URL url(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new UsageException("the task jar " + jar + " does not exist");
    }
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UsageException("the task jar " + jar + " has no URL: " + e.getMessage());
    }
  }
}
