package org.rhythm.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java tour in README.md compiles against the current code and runs a workflow to SUCCESS. */
class ReadmeTourTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path work;

  @Test
  void theReadmeTourCompilesAndRunsToSuccess() throws Exception {
    Path source = work.resolve("Tour.java");
    Files.writeString(source, tourSource());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int compiled =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            List.of(
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "-d",
                    work.toString(),
                    source.toString())
                .toArray(String[]::new));
    assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

    String output = runMain();

    assertThat(output).contains("SUCCESS, 2/2 steps");
  }

  private String runMain() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {work.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass("Tour").getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static String tourSource() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher block = JAVA_BLOCK.matcher(readme);
    while (block.find()) {
      if (block.group(1).contains("public class Tour")) {
        return block.group(1);
      }
    }
    throw new AssertionError("README.md has no ```java block with 'public class Tour'");
  }
}
