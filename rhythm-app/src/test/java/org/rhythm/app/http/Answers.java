package org.rhythm.app.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rhythm.app.http.ApiClient.Answer;

/** The JSON of answers, taken apart. */
final class Answers {
  private Answers() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Answer answer) {
    return (Map<String, Object>) answer.json();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  /** The ids of a page of workflows, in its order. */
  static List<Object> ids(Answer answer) {
    List<Object> ids = new ArrayList<>();
    for (Object workflow : list(object(answer).get("results"))) {
      ids.add(map(workflow).get("id"));
    }
    return ids;
  }
}
