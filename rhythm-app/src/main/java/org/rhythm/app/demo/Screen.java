package org.rhythm.app.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A terminal of live progress lines (the demo's, {@code rhythm watch}'s): redrawn in place on a
 * terminal (ANSI), or printed when they change, at most once a second, otherwise; events are
 * printed above them.
 */
public final class Screen {
  private final PrintStream out;
  private final boolean ansi;
  private List<String> drawn = List.of();
  private long lastPrinted;

  public Screen(PrintStream out, boolean ansi) {
    this.out = out;
    this.ansi = ansi;
  }

  public synchronized void event(String text) {
    clear();
    out.println("* " + text);
    redraw(drawn);
  }

  public synchronized void draw(List<String> lines) {
    if (!ansi && (lines.equals(drawn) || System.nanoTime() - lastPrinted < 1_000_000_000L)) {
      return;
    }
    if (ansi) {
      clear();
    }
    redraw(lines);
  }

  /** Draws these lines now, however soon after the last ones, unless they are what is shown. */
  public synchronized void drawNow(List<String> lines) {
    if (ansi) {
      clear();
    }
    redraw(lines);
  }

  public synchronized void line(String text) {
    out.println(text);
  }

  /** Leaves the last progress lines on screen and stops redrawing them. */
  public synchronized void finish() {
    drawn = List.of();
    out.println();
  }

  private void clear() {
    if (ansi && !drawn.isEmpty()) {
      out.print("\033[" + drawn.size() + "A");
      for (int i = 0; i < drawn.size(); i++) {
        out.print("\033[2K\n");
      }
      out.print("\033[" + drawn.size() + "A");
    }
  }

  private void redraw(List<String> lines) {
    if (ansi || !lines.equals(drawn)) {
      lines.forEach(out::println);
      lastPrinted = System.nanoTime();
    }
    drawn = new ArrayList<>(lines);
    out.flush();
  }
}
