package org.rhythm.app.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rhythm.domain.RhythmException;

/**
 * A request whose parameters or body do not have the types the endpoint takes; answered 422 with
 * FastAPI's {@code {"detail": [{loc, msg, type}, ...]}}, every problem listed.
 */
final class InvalidRequestException extends RhythmException {
  private static final long serialVersionUID = 1L;

  private final transient List<Map<String, Object>> detail;

  InvalidRequestException(List<Map<String, Object>> detail) {
    super("invalid request: " + detail);
    this.detail = List.copyOf(detail);
  }

  /** FastAPI's list of problems. */
  List<Map<String, Object>> detail() {
    return detail;
  }

  /** One problem as pydantic v1 describes it: where, what, and its error type. */
  static Map<String, Object> problem(List<Object> loc, String msg, String type) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("loc", new ArrayList<>(loc));
    problem.put("msg", msg);
    problem.put("type", type);
    return problem;
  }
}
