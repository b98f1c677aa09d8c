package org.rhythm.app.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rhythm.ports.in.WorkflowNotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

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
    line.setParameterExceptionHandler(this::wrongUsage);
    line.setExecutionExceptionHandler(this::failed);
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

  private int wrongUsage(ParameterException e, String[] args) {
    CommandSpec command = e.getCommandLine().getCommandSpec();
    String what = lowerFirst(e.getMessage());
    if (e instanceof UnmatchedArgumentException unmatched
        && !command.subcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      String unknown = unmatched.getUnmatched().get(0);
      what = "unknown command '" + unknown + "'";
      String near = nearest(unknown, command.subcommands().keySet());
      if (near != null) {
        what += "; did you mean '" + near + "'?";
      }
    }
    invocation.err().println(line(what + " (see '" + command.qualifiedName() + " --help')"));
    return USAGE;
  }

  /** The name at most two edits away from {@code typed}, the closest first; null when none is. */
  private static String nearest(String typed, Set<String> names) {
    String best = null;
    int bestDistance = 3;
    for (String name : names) {
      int distance = distance(typed, name);
      if (distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein's edit distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private int failed(Exception e, CommandLine command, ParseResult parsed) {
    int code = FAILED;
    String what;
    if (e instanceof WorkflowNotFoundException notFound) {
      what = "no workflow '" + notFound.workflowId() + "'";
    } else if (e instanceof UsageException || e instanceof IllegalArgumentException) {
      what = e.getMessage();
      code = USAGE;
    } else if (e instanceof UncheckedIOException io) {
      what = e.getMessage() + ": " + io.getCause().getMessage();
    } else if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      what = "interrupted";
    } else {
      // A server that cannot be reached, a store that refuses: say what, no trace.
      what = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    invocation.err().println(line(what));
    return code;
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

  private static String line(String what) {
    return "rhythm: " + what.strip().replace('\n', ' ');
  }

  private static String lowerFirst(String text) {
    if (text == null || text.isEmpty()) {
      return "the command line is wrong";
    }
    return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }
}
