package org.rhythm.domain.workflow;

import java.util.List;
import org.rhythm.domain.RhythmException;

/**
 * A workflow definition or its arguments broke the rules of DESIGN.md §3.1; every problem is
 * listed.
 */
public class InvalidWorkflowSpecException extends RhythmException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidWorkflowSpecException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
