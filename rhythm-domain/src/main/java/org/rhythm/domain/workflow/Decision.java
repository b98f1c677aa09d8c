package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A transition to apply and the commands its winner carries out afterwards. */
public record Decision(Transition transition, List<TaskCommand> commands) {
  public Decision {
    requireNonNull(transition, "transition");
    commands = List.copyOf(commands);
  }
}
