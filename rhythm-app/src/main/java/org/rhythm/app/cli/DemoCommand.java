package org.rhythm.app.cli;

import java.util.concurrent.Callable;
import org.rhythm.app.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rhythm demo}: the demo of {@link Demo}, with live progress on a terminal. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = RhythmVersion.class,
    showDefaultValues = true,
    description = {
      "Run a live demo of two workflows in this process.",
      "",
      "Runs a 3-step workflow twice (in-memory broker and store, Java workers) with live"
          + " progress, a failure that is resumed and a pause that is resumed.",
      "Exits 0 when both runs succeed."
    })
final class DemoCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Option(
      names = "--millis-per-item",
      paramLabel = "MS",
      description = "how long each item of simulated work takes")
  int millisPerItem = 60;

  @Option(names = "--plain", description = "print lines instead of redrawing progress bars")
  boolean plain;

  DemoCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() throws InterruptedException {
    boolean ansi = System.console() != null && !plain;
    return new Demo(invocation.out(), ansi, millisPerItem).run();
  }
}
