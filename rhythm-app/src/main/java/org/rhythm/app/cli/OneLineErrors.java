package org.rhythm.app.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import org.rhythm.ports.in.WorkflowNotFoundException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What goes wrong, as one line on standard error, {@code rhythm: <what is wrong>}, and the exit
 * code: 2 for a wrong command line (with the nearest command for a mistyped one, and where to find
 * help), 1 for a failure. Never a stack trace: the message names what is wrong.
 */
final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private final PrintStream err;

  OneLineErrors(PrintStream err) {
    this.err = err;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
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
    err.println(line(what + " (see '" + command.qualifiedName() + " --help')"));
    return RhythmCli.USAGE;
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

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    int code = RhythmCli.FAILED;
    String what;
    if (e instanceof WorkflowNotFoundException notFound) {
      what = "no workflow '" + notFound.workflowId() + "'";
    } else if (e instanceof UsageException || e instanceof IllegalArgumentException) {
      what = e.getMessage();
      code = RhythmCli.USAGE;
    } else if (e instanceof UncheckedIOException io) {
      what = e.getMessage() + ": " + io.getCause().getMessage();
    } else if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      what = "interrupted";
    } else {
      // A server that cannot be reached, a store that refuses: say what, no trace.
      what = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    err.println(line(what));
    return code;
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
