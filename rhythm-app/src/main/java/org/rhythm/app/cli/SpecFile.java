package org.rhythm.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.workflow.InvalidWorkflowSpecException;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowSpec;

/**
 * A workflow to start, read from the body of {@code POST /workflows} (rhythm-api-contract.md §1):
 * {@code {name, description?, app_id, steps: [{name, task, queue?, priority?, kwargs?}], args}}.
 * Every problem is reported at once, with its place, as the domain reports a definition's.
 */
record SpecFile(WorkflowSpec spec, List<Object> args) {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * @throws InvalidWorkflowSpecException listing every problem of the JSON and the definition
   */
  static SpecFile parse(byte[] json) {
    Object value;
    try {
      value = Json.copy(MAPPER.readValue(json, Object.class));
    } catch (JsonProcessingException e) {
      throw new InvalidWorkflowSpecException(List.of("not JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new IllegalStateException("reading a workflow definition in memory failed", e);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidWorkflowSpecException(List.of("the definition is not a JSON object"));
    }
    List<String> problems = new ArrayList<>();
    String name = text(map, "name", "name", problems, true);
    String appId = text(map, "app_id", "app_id", problems, true);
    String description = text(map, "description", "description", problems, false);
    List<StepSpec> steps = steps(map.get("steps"), problems);
    List<Object> args = new ArrayList<>();
    if (map.get("args") instanceof List<?> list) {
      args.addAll(list);
    } else {
      problems.add("args is " + (map.get("args") == null ? "missing" : "not a list"));
    }
    WorkflowSpec spec = new WorkflowSpec(name, appId, description, steps);
    Set<String> typed = problems.stream().map(SpecFile::place).collect(Collectors.toSet());
    spec.problems().stream().filter(p -> !typed.contains(place(p))).forEach(problems::add);
    if (!problems.isEmpty()) {
      throw new InvalidWorkflowSpecException(problems);
    }
    return new SpecFile(spec, args);
  }

  /** Where a problem is: its first word, such as {@code steps[1].task}. */
  private static String place(String problem) {
    return problem.split(" ", 2)[0];
  }

  @SuppressWarnings("unchecked")
  private static List<StepSpec> steps(Object json, List<String> problems) {
    if (!(json instanceof List<?> list)) {
      problems.add("steps is " + (json == null ? "missing" : "not a list"));
      return List.of();
    }
    List<StepSpec> steps = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String place = "steps[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> step)) {
        problems.add(place + " is not an object");
        continue;
      }
      String name = text(step, "name", place + ".name", problems, true);
      String task = text(step, "task", place + ".task", problems, true);
      String queue = text(step, "queue", place + ".queue", problems, false);
      Integer priority = null;
      if (step.get("priority") instanceof Long number) {
        priority = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number));
      } else if (step.get("priority") != null) {
        problems.add(place + ".priority is not a whole number");
      }
      Map<String, Object> kwargs = null;
      if (step.get("kwargs") instanceof Map<?, ?> object) {
        kwargs = (Map<String, Object>) object;
      } else if (step.get("kwargs") != null) {
        problems.add(place + ".kwargs is not an object");
      }
      steps.add(new StepSpec(name, task, queue, priority, kwargs));
    }
    return steps;
  }

  private static String text(
      Map<?, ?> map, String key, String place, List<String> problems, boolean required) {
    Object value = map.get(key);
    if (value instanceof String text) {
      return text;
    }
    if (value != null) {
      problems.add(place + " is not a string");
    } else if (required) {
      problems.add(place + " is missing");
    }
    return null;
  }
}
