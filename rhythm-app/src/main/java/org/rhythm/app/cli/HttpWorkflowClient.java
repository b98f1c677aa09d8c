package org.rhythm.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.PauseResult;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.WorkflowNotFoundException;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.in.WorkflowViewPage;

/**
 * The workflow commands through a Rhythm server's REST API (rhythm-api-contract.md §1), with a
 * bearer token. The server's refusals become one-line errors: 404 for a workflow becomes {@link
 * WorkflowNotFoundException}, 401 names the token, 400 and 422 give the server's reasons.
 */
final class HttpWorkflowClient implements WorkflowClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();
  private final String base;
  private final String token;

  /** A client of the server at {@code base}; {@code token} may be null (then 401 says so). */
  HttpWorkflowClient(String base, String token) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.token = token;
  }

  @Override
  public WorkflowId start(byte[] definition) {
    Object answer = send("POST", "/workflows", definition, null);
    Object id = answer instanceof Map<?, ?> map ? map.get("workflow_id") : null;
    if (id == null) {
      throw new IllegalStateException("the server's answer names no workflow_id: " + answer);
    }
    return WorkflowId.of(id.toString());
  }

  @Override
  public WorkflowView view(WorkflowId id) {
    return WorkflowJson.view(send("GET", path(id), null, id));
  }

  @Override
  public WorkflowViewPage list(String status, int limit) {
    String query = "?limit=" + limit + (status == null ? "" : "&status=" + encode(status));
    return WorkflowJson.page(send("GET", "/workflows" + query, null, null));
  }

  @Override
  public PauseResult pause(WorkflowId id) {
    return WorkflowJson.pause(send("POST", path(id) + "/pause", new byte[0], id));
  }

  @Override
  public ResumeResult resume(WorkflowId id, boolean force) {
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    return WorkflowJson.resume(send("POST", path(id) + "/resume?force=" + force, empty, id));
  }

  @Override
  public void delete(WorkflowId id) {
    Object answer = send("DELETE", path(id), null, id);
    if (answer instanceof Map<?, ?> map && Long.valueOf(0).equals(map.get("deleted_count"))) {
      throw new WorkflowNotFoundException(id);
    }
  }

  @Override
  public void close() {
    // HttpClient has no close() before Java 21; its threads end with it.
  }

  private static String path(WorkflowId id) {
    return "/workflows/" + encode(id.value());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The answer's JSON; {@code about} is the workflow a 404 means is missing. */
  private Object send(String method, String path, byte[] body, WorkflowId about) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(
          "no Rhythm server answers at "
              + base
              + " ("
              + e
              + "); start one with 'rhythm server', or give --url, or --direct");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + base);
    }
    Object json = parse(response.body());
    int status = response.statusCode();
    if (status == 200) {
      return json;
    }
    throw refusal(status, json, about);
  }

  private RuntimeException refusal(int status, Object json, WorkflowId about) {
    if (status == 404 && about != null) {
      return new WorkflowNotFoundException(about);
    }
    String reason = reason(json);
    if (status == 401) {
      return new IllegalStateException(
          "the server at "
              + base
              + " refused the token ("
              + reason
              + "); give one with --token or RHYTHM_TOKEN ('rhythm token' makes one)");
    }
    if (status == 400 || status == 422) {
      return new IllegalStateException("the server refused it: " + reason);
    }
    return new IllegalStateException(
        "the server at " + base + " answered " + status + ": " + reason);
  }

  /** rhythm_api's error bodies: {@code {"message"}}, {@code {"detail": text}} or a 422 list. */
  private static String reason(Object json) {
    if (!(json instanceof Map<?, ?> map)) {
      return String.valueOf(json);
    }
    if (map.get("message") != null) {
      return map.get("message").toString();
    }
    if (map.get("detail") instanceof List<?> problems) {
      List<String> lines = new ArrayList<>();
      for (Object problem : problems) {
        if (problem instanceof Map<?, ?> one) {
          lines.add(place(one.get("loc")) + ": " + one.get("msg"));
        }
      }
      return String.join("; ", lines);
    }
    return String.valueOf(map.get("detail"));
  }

  private static String place(Object loc) {
    if (!(loc instanceof List<?> parts)) {
      return String.valueOf(loc);
    }
    return String.join(".", parts.stream().map(String::valueOf).toList());
  }

  private Object parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      return Json.copy(mapper.readValue(body, Object.class));
    } catch (JsonProcessingException e) {
      return new String(body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("reading the answer of " + base + " failed", e);
    }
  }
}
