package org.rhythm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task module of README.md's "Your own Java tasks", compiled into a jar with its
 * META-INF/services entry, served by {@code rhythm worker --jar}: a workflow of its tasks succeeds.
 */
@Timeout(60) // a command that runs until stopped is interrupted instead of hanging the build
class TaskModuleJarTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  private final SharedMemory memory = new SharedMemory();
  private final Cli workers = new Cli(memory.apps());
  private final Cli client = new Cli(memory.apps());

  @TempDir Path work;

  @AfterEach
  void closeTheSharedAdapters() {
    memory.close();
  }

  @Test
  void theReadmesTaskModuleRunsFromItsJar() throws Exception {
    Path jar = jarOf("ArchiveTasks", readmeModule());
    String definition =
        Definitions.file(
            work,
            "{\"name\": \"archive\", \"app_id\": \"readme\", \"steps\": ["
                + "{\"name\": \"checksum\", \"task\": \"archive.checksum\", \"queue\": \"archive\"},"
                + "{\"name\": \"upload\", \"task\": \"archive.upload\", \"queue\": \"archive\"}],"
                + " \"args\": [\"batch-42\"]}");

    int watched;
    String id;
    try (Cli.Background worker = workers.background("worker", "--jar", jar.toString())) {
      worker.awaitOutput("running");
      client.run("start", "--direct", definition);
      id = client.out().trim();
      watched = client.run("watch", "--direct", "--plain", id);
    }

    assertThat(watched).as(client.err()).isZero();
    assertThat(workers.out())
        .containsPattern("queues [^\\n]*archive")
        .containsPattern("\n  archive\\.upload +com\\.example\\.tasks\\.ArchiveTasks\n");
    client.reset();
    client.run("status", "--direct", id);
    assertThat(client.out()).containsPattern("\nupload +archive\\.upload +SUCCESS ");
  }

  @Test
  void aJarRegisteringATaskOfTheClassPathIsRefusedNamingBothModules() throws Exception {
    Path jar =
        jarOf(
            "Clash",
            "package com.example.tasks;\n"
                + "public class Clash implements org.rhythm.ports.worker.TaskModule {\n"
                + "  public void register(org.rhythm.ports.worker.TaskRegistry registry) {\n"
                + "    registry.register(\"cli.upper\", context -> java.util.List.of(1));\n"
                + "  }\n"
                + "}\n");

    int exit = workers.run("worker", "--jar", jar.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(workers.err())
        .isEqualTo(
            "rhythm: the task 'cli.upper' is registered by two modules:"
                + " org.rhythm.app.cli.CliTestTasks and com.example.tasks.Clash\n");
  }

  private static String readmeModule() throws IOException {
    Matcher block = JAVA_BLOCK.matcher(Files.readString(Path.of("..", "README.md")));
    while (block.find()) {
      if (block.group(1).contains("implements TaskModule")) {
        return block.group(1);
      }
    }
    throw new AssertionError("README.md has no ```java block with 'implements TaskModule'");
  }

  /** Compiles the module and packs it with its META-INF/services entry. */
  private Path jarOf(String className, String source) throws IOException {
    Path sources = Files.createDirectories(work.resolve("src/com/example/tasks"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    Path file = Files.writeString(sources.resolve(className + ".java"), source);
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int compiled =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            file.toString());
    assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();
    Path jar = work.resolve("archive-tasks-" + System.nanoTime() + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> walk = Files.walk(classes)) {
      for (Path classFile : walk.filter(Files::isRegularFile).toList()) {
        add(out, classes.relativize(classFile).toString(), Files.readAllBytes(classFile));
      }
      add(
          out,
          "META-INF/services/org.rhythm.ports.worker.TaskModule",
          ("com.example.tasks." + className + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return jar;
  }

  private static void add(JarOutputStream jar, String name, byte[] bytes) throws IOException {
    jar.putNextEntry(new JarEntry(name.replace('\\', '/')));
    jar.write(bytes);
    jar.closeEntry();
  }
}
