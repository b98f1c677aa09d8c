package org.rhythm.app.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code rhythm} command: parses the arguments with picocli, runs the command, returns the exit
 * code: 0 when it did what was asked, 1 when it failed, 2 when the command line was wrong. A
 * failure is one line on standard error, {@code rhythm: <what is wrong>}, never a stack trace.
 */
@Command(
    name = "rhythm",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Long, pausable workflows on the JVM, compatible with sca_rhythm and Celery.",
      "",
      "Serve rhythm_api's REST API, run Java workers, start, pause, resume and watch workflows."
    },
    footer = {"", "Run 'rhythm COMMAND --help' for a command's options."})
public final class RhythmCli implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private final Invocation invocation;

  @Spec private CommandSpec spec;

  /** The command line of this process: its environment, standard input, the configured adapters. */
  public RhythmCli(PrintStream out, PrintStream err) {
    this(System.in, out, err, System.getenv(), AppFactory.CONFIGURED);
  }

  RhythmCli(
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> environment,
      AppFactory apps) {
    this.invocation = new Invocation(in, out, err, environment, apps);
  }

  /** Runs the command line; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
  public int run(String... args) {
    return commandLine().execute(args);
  }

  /** {@code rhythm} alone: the usage, on standard error, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(invocation.err());
    return USAGE;
  }

  CommandLine commandLine() {
    CommandLine line = new CommandLine(this);
    for (Object command : commands()) {
      line.addSubcommand(command);
    }
    line.addSubcommand(new CommandLine.HelpCommand());
    line.setOut(writer(invocation.out()));
    line.setErr(writer(invocation.err()));
    line.registerConverter(Integer.class, new WholeNumber());
    line.registerConverter(int.class, new WholeNumber());
    line.registerConverter(Duration.class, new Period());
    OneLineErrors errors = new OneLineErrors(invocation.err());
    line.setParameterExceptionHandler(errors);
    line.setExecutionExceptionHandler(errors);
    return line;
  }

  private List<Object> commands() {
    return List.of(
        new ServerCommand(invocation),
        new WorkerCommand(invocation),
        new StartCommand(invocation),
        new StatusCommand(invocation),
        new ListCommand(invocation),
        new WatchCommand(invocation),
        new PauseCommand(invocation),
        new ResumeCommand(invocation),
        new DeleteCommand(invocation),
        new ReconcileCommand(invocation),
        new KeysCommand(invocation),
        new TokenCommand(invocation),
        new DemoCommand(invocation),
        new BenchCommand(invocation));
  }

  /** A writer onto the stream that leaves the encoding to the stream. */
  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(
        new Writer() {
          @Override
          public void write(char[] chars, int offset, int length) {
            stream.print(new String(chars, offset, length));
          }

          @Override
          public void flush() {
            stream.flush();
          }

          @Override
          public void close() {
            stream.flush();
          }
        },
        true);
  }
}
