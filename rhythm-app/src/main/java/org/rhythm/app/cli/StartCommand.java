package org.rhythm.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rhythm start FILE}: creates and starts a workflow; prints its id alone, for scripts. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Create and start a workflow; print its id.",
      "The definition is the body of POST /workflows: {\"name\", \"app_id\", \"description\"?,"
          + " \"steps\": [{\"name\", \"task\", \"queue\"?, \"priority\"?, \"kwargs\"?}],"
          + " \"args\": [the first step's arguments]}."
    })
final class StartCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Parameters(paramLabel = "FILE", description = "the definition as a JSON file; - reads stdin")
  String file;

  @Mixin TargetOptions target = new TargetOptions();

  StartCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    byte[] definition = read();
    try (WorkflowClient client = target.open(invocation)) {
      invocation.out().println(client.start(definition));
    }
    return RhythmCli.OK;
  }

  private byte[] read() {
    try {
      return file.equals("-") ? invocation.in().readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new UsageException("the definition file " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("reading the definition " + file + " failed", e);
    }
  }
}
