package org.rhythm.domain.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.rhythm.domain.json.Json;

/**
 * The definition of a workflow as a user writes it (DESIGN.md §3.1): a name, the app it belongs to,
 * an optional description (null when not given) and its steps in order.
 */
public record WorkflowSpec(String name, String appId, String description, List<StepSpec> steps) {
  public static final int MAX_STEPS = 1_000;
  public static final int MAX_NAME_LENGTH = 256;
  public static final int MAX_JSON_BYTES = 1 << 20;

  public WorkflowSpec {
    steps = steps == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(steps));
  }

  public static WorkflowSpec of(String name, String appId, StepSpec... steps) {
    return new WorkflowSpec(name, appId, null, List.of(steps));
  }

  /** Every problem of this definition, each with its place; empty when it is valid. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    checkName(problems, "name", name);
    checkName(problems, "app_id", appId);
    if (steps.isEmpty()) {
      problems.add("steps is empty: a workflow needs at least one step");
    }
    if (steps.size() > MAX_STEPS) {
      problems.add("steps has " + steps.size() + " steps, more than " + MAX_STEPS);
    }
    Set<String> seen = new LinkedHashSet<>();
    Set<String> duplicates = new LinkedHashSet<>();
    for (int i = 0; i < steps.size(); i++) {
      StepSpec step = steps.get(i);
      String place = "steps[" + i + "]";
      if (step == null) {
        problems.add(place + " is null");
        continue;
      }
      checkName(problems, place + ".name", step.name());
      checkName(problems, place + ".task", step.task());
      if (step.queue() != null && step.queue().isBlank()) {
        problems.add(place + ".queue is empty");
      }
      if (step.priority() != null && (step.priority() < 0 || step.priority() > 9)) {
        problems.add(place + ".priority is " + step.priority() + ", not between 0 and 9");
      }
      if (step.kwargs() != null && Json.sizeInBytes(step.kwargs()) > MAX_JSON_BYTES) {
        problems.add(place + ".kwargs is larger than 1 MiB of JSON");
      }
      if (step.name() != null && !step.name().isBlank() && !seen.add(step.name())) {
        duplicates.add(step.name());
      }
    }
    if (!duplicates.isEmpty()) {
      problems.add("duplicate step names: " + duplicates);
    }
    return problems;
  }

  /** This definition, or an {@link InvalidWorkflowSpecException} listing every problem. */
  public WorkflowSpec validated() {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new InvalidWorkflowSpecException(problems);
    }
    return this;
  }

  private static void checkName(List<String> problems, String place, String value) {
    if (value == null || value.isBlank()) {
      problems.add(place + " is empty");
    } else if (value.length() > MAX_NAME_LENGTH) {
      problems.add(place + " is longer than " + MAX_NAME_LENGTH + " characters");
    }
  }
}
