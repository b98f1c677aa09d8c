package org.rhythm.ports.in;

/** Which runs a view includes: the last run of each step, and the earlier ones. */
public record ViewOptions(boolean lastTaskRun, boolean prevTaskRuns) {
  /** rhythm_api's defaults: the last run, not the earlier ones. */
  public static final ViewOptions DEFAULT = new ViewOptions(true, false);
}
