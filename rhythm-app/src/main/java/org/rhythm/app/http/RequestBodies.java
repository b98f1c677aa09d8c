package org.rhythm.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowSpec;

/**
 * The JSON bodies of {@code POST /workflows} and {@code POST /workflows/{id}/resume}, checked for
 * types as pydantic v1 checks rhythm_api's models: unknown keys are ignored, numbers are taken for
 * strings, and every type problem is reported at once (422). Whether the definition is valid is the
 * domain's question (400).
 */
final class RequestBodies {
  private final ObjectMapper mapper;

  RequestBodies(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A new workflow and the arguments of its first step. */
  record NewWorkflow(WorkflowSpec spec, List<Object> args) {}

  NewWorkflow newWorkflow(byte[] body) {
    Object json = required(body);
    Problems problems = new Problems();
    if (!(json instanceof Map<?, ?> map)) {
      problems.add(List.of("body"), "value is not a valid dict", "type_error.dict");
      throw problems.exception();
    }
    String name = problems.requiredString(map, "name", List.of("body", "name"));
    String description = problems.optionalString(map, "description", List.of("body"));
    String appId = problems.requiredString(map, "app_id", List.of("body", "app_id"));
    List<StepSpec> steps = steps(map, problems);
    List<Object> args = problems.requiredList(map, "args", List.of("body", "args"));
    problems.check();
    return new NewWorkflow(new WorkflowSpec(name, appId, description, steps), args);
  }

  /**
   * The arguments of a resume: {@code {"args": [...]}} or {@code {}}; null when none were given.
   */
  List<Object> resumeArgs(byte[] body) {
    Object json = required(body);
    Problems problems = new Problems();
    if (!(json instanceof Map<?, ?> map)) {
      problems.add(List.of("body"), "value is not a valid dict", "type_error.dict");
      throw problems.exception();
    }
    Object args = map.get("args");
    if (args != null && !(args instanceof List<?>)) {
      problems.add(List.of("body", "args"), "value is not a valid list", "type_error.list");
    }
    problems.check();
    return args == null ? null : Json.copyList((List<?>) args);
  }

  private List<StepSpec> steps(Map<?, ?> map, Problems problems) {
    if (!map.containsKey("steps") || map.get("steps") == null) {
      problems.missingOrNull(map, "steps", List.of("body", "steps"));
      return List.of();
    }
    if (!(map.get("steps") instanceof List<?> list)) {
      problems.add(List.of("body", "steps"), "value is not a valid list", "type_error.list");
      return List.of();
    }
    List<StepSpec> steps = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      List<Object> place = List.of("body", "steps", i);
      if (!(list.get(i) instanceof Map<?, ?> step)) {
        problems.add(place, "value is not a valid dict", "type_error.dict");
        continue;
      }
      String name = problems.requiredString(step, "name", append(place, "name"));
      String task = problems.requiredString(step, "task", append(place, "task"));
      String queue = problems.optionalString(step, "queue", place);
      Integer priority = priority(step, append(place, "priority"), problems);
      Map<String, Object> kwargs = null;
      Object rawKwargs = step.get("kwargs");
      if (rawKwargs instanceof Map<?, ?>) {
        kwargs = object(rawKwargs);
      } else if (rawKwargs != null) {
        problems.add(append(place, "kwargs"), "value is not a valid dict", "type_error.dict");
      }
      steps.add(new StepSpec(name, task, queue, priority, kwargs));
    }
    return steps;
  }

  /**
   * Rhythm's addition to rhythm_api's step: an optional whole-number {@code priority}, which the
   * domain checks for 0 to 9.
   */
  private static Integer priority(Map<?, ?> step, List<Object> place, Problems problems) {
    Object value = step.get("priority");
    if (value == null) {
      return null;
    }
    if (value instanceof Number number
        && !(value instanceof Double)
        && !(value instanceof BigDecimal)
        && number.longValue() == number.intValue()) {
      return number.intValue();
    }
    problems.add(place, "value is not a valid integer", "type_error.integer");
    return null;
  }

  /**
   * The body's JSON value. An empty body and JSON {@code null} are a missing body, as FastAPI has
   * them: {@code field required} at {@code ["body"]}.
   */
  private Object required(byte[] body) {
    Object json = body.length == 0 ? null : parse(body);
    if (json == null) {
      throw new InvalidRequestException(
          List.of(
              InvalidRequestException.problem(
                  List.of("body"), "field required", "value_error.missing")));
    }
    return json;
  }

  private Object parse(byte[] body) {
    try {
      Object json = mapper.readValue(body, Object.class);
      return json == null ? null : Json.copy(json);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          List.of(
              InvalidRequestException.problem(
                  List.of("body", (int) Math.max(0, e.getLocation().getCharOffset())),
                  "invalid JSON: " + e.getOriginalMessage(),
                  "value_error.jsondecode")));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          List.of(
              InvalidRequestException.problem(
                  List.of("body"), e.getMessage(), "value_error.jsondecode")));
    } catch (IOException e) {
      throw new IllegalStateException("reading a request body in memory failed", e);
    }
  }

  /** A JSON object as {@link Json#copy} made it: its keys are strings. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value) {
    return (Map<String, Object>) value;
  }

  private static List<Object> append(List<Object> place, Object key) {
    List<Object> longer = new ArrayList<>(place);
    longer.add(key);
    return longer;
  }

  /** The type problems of one body, in the order found. */
  private static final class Problems {
    private final List<Map<String, Object>> found = new ArrayList<>();

    void add(List<Object> loc, String msg, String type) {
      found.add(InvalidRequestException.problem(loc, msg, type));
    }

    String requiredString(Map<?, ?> map, String key, List<Object> loc) {
      if (map.get(key) == null) {
        missingOrNull(map, key, loc);
        return null;
      }
      return string(map.get(key), loc);
    }

    /** An optional string at {@code parent + key}: null when absent or null. */
    String optionalString(Map<?, ?> map, String key, List<Object> parent) {
      Object value = map.get(key);
      return value == null ? null : string(value, append(parent, key));
    }

    List<Object> requiredList(Map<?, ?> map, String key, List<Object> loc) {
      Object value = map.get(key);
      if (value == null) {
        missingOrNull(map, key, loc);
        return null;
      }
      if (!(value instanceof List<?> list)) {
        add(loc, "value is not a valid list", "type_error.list");
        return null;
      }
      return Json.copyList(list);
    }

    void missingOrNull(Map<?, ?> map, String key, List<Object> loc) {
      if (map.containsKey(key)) {
        add(loc, "none is not an allowed value", "type_error.none.not_allowed");
      } else {
        add(loc, "field required", "value_error.missing");
      }
    }

    /** pydantic v1's {@code str}: a string, or a number written as one. */
    private String string(Object value, List<Object> loc) {
      if (value instanceof String text) {
        return text;
      }
      if (value instanceof Number && !(value instanceof Double)) {
        return value.toString();
      }
      if (value instanceof Double number) {
        return Json.write(number);
      }
      add(loc, "str type expected", "type_error.str");
      return null;
    }

    void check() {
      if (!found.isEmpty()) {
        throw exception();
      }
    }

    InvalidRequestException exception() {
      return new InvalidRequestException(found);
    }
  }
}
