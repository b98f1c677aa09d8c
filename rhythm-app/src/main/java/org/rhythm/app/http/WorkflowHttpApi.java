package org.rhythm.app.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.rhythm.domain.IllegalTransitionException;
import org.rhythm.domain.workflow.InvalidWorkflowSpecException;
import org.rhythm.ports.in.WorkflowCommands;
import org.rhythm.ports.in.WorkflowNotFoundException;
import org.rhythm.ports.in.WorkflowQueries;
import org.rhythm.ports.out.TransientFailureException;

/**
 * The REST API of rhythm_api on an embedded HTTP server: every endpoint, parameter, status code,
 * error body and JSON shape of rhythm-api-contract.md §1, so that its users can point at Rhythm
 * unchanged, plus a stream of a workflow's changes ({@link WorkflowEvents}) and a live dashboard
 * ({@link Dashboard}). Every endpoint but {@code /health}, {@code /openapi.json}, the dashboard's
 * files and the routes added with {@link #serveOpenly} (the metrics scrape) needs a bearer token
 * ({@link BearerTokens}). Handlers hold no lock; each request calls the ports directly on a server
 * thread.
 */
public final class WorkflowHttpApi implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WorkflowHttpApi.class.getName());

  /** How often an event stream looks at its workflow. */
  private static final Duration EVENTS_PERIOD = Duration.ofMillis(250);

  /** The paths anyone may read, as in rhythm_api. */
  private static final Set<String> OPEN = Set.of("/health", "/openapi.json");

  /** The request attribute that says a route or an error mapper wrote the answer. */
  private static final String ANSWERED = "rhythm.answered";

  private final HttpSettings settings;
  private final BearerTokens tokens;
  private final WorkflowRoutes routes;
  private final WorkflowEvents events;
  private final Dashboard dashboard = new Dashboard();
  private final byte[] openApi = openApiDocument();
  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final Map<String, io.javalin.http.Handler> openRoutes = new ConcurrentHashMap<>();
  private Javalin server;

  public WorkflowHttpApi(
      WorkflowCommands commands, WorkflowQueries queries, HttpSettings settings, Clock clock) {
    this.settings = requireNonNull(settings, "settings");
    this.tokens = new BearerTokens(settings.publicKey(), settings.issuer(), clock);
    this.routes = new WorkflowRoutes(commands, queries, new RequestBodies(mapper));
    this.events = new WorkflowEvents(queries, mapper, EVENTS_PERIOD);
  }

  /**
   * Starts listening on the configured host and port; returns the port, the one chosen when the
   * settings say 0. An API starts once: after {@link #close} it does not start again.
   */
  public synchronized int start() {
    if (server != null) {
      throw new IllegalStateException("the HTTP API is already started");
    }
    Javalin created = Javalin.create(this::configure);
    routeAll(created);
    created.start(settings.host(), settings.port());
    server = created;
    return created.port();
  }

  /**
   * Also answers {@code GET path} with {@code handler}, to anyone as {@code /health} is: for routes
   * that show no workflow, such as the Prometheus scrape at {@code /metrics}. Call before {@link
   * #start}.
   */
  public synchronized void serveOpenly(String path, io.javalin.http.Handler handler) {
    if (server != null) {
      throw new IllegalStateException("routes are added before the HTTP API starts");
    }
    openRoutes.put(requireNonNull(path, "path"), requireNonNull(handler, "handler"));
  }

  /** The address the API answers at, e.g. {@code http://127.0.0.1:5001}. */
  public synchronized String url() {
    if (server == null) {
      throw new IllegalStateException("the HTTP API is not started");
    }
    return "http://" + settings.host() + ":" + server.port();
  }

  /** Stops listening; requests under way are finished first. */
  @Override
  public synchronized void close() {
    if (server != null) {
      events.close();
      server.stop();
      server = null;
    }
  }

  private void configure(io.javalin.config.JavalinConfig config) {
    config.showJavalinBanner = false;
    config.startupWatcherEnabled = false;
    config.http.prefer405over404 = true;
    config.http.maxRequestSize = settings.maxBodyBytes();
    config.router.ignoreTrailingSlashes = true;
  }

  private void routeAll(Javalin app) {
    app.beforeMatched(this::authenticate);
    app.get("/health", json(routes::health));
    app.get("/openapi.json", this::openApi);
    app.get("/workflows", json(routes::list));
    app.get("/workflows/counts_by_status", json(routes::counts));
    app.post("/workflows", withBody(routes::create));
    app.get("/workflows/{workflow_id}", json(routes::view));
    app.delete("/workflows/{workflow_id}", json(routes::delete));
    app.post("/workflows/{workflow_id}/pause", json(routes::pause));
    app.post("/workflows/{workflow_id}/resume", withBody(routes::resume));
    app.get("/tasks/unique", json(routes::uniqueTasks));
    app.get("/workflows/{workflow_id}/events", events::handle);
    dashboard.route(app);
    openRoutes.forEach(app::get);
    app.exception(Exception.class, this::fail);
    app.error(404, ctx -> unmatched(ctx, "Not Found"));
    app.error(405, ctx -> unmatched(ctx, "Method Not Allowed"));
  }

  /** FastAPI's answer to a path or method no route takes; a route's own answer stays. */
  private void unmatched(Context ctx, String reason) {
    if (ctx.attribute(ANSWERED) == null) {
      answer(ctx, ctx.statusCode(), detail(reason));
    }
  }

  /** The OpenAPI document, open to all as FastAPI's is. */
  private void openApi(Context ctx) {
    ctx.contentType("application/json").result(openApi);
    ctx.attribute(ANSWERED, Boolean.TRUE);
  }

  private void authenticate(Context ctx) {
    String path = ctx.endpointHandlerPath();
    if (!OPEN.contains(path) && !Dashboard.OPEN.contains(path) && !openRoutes.containsKey(path)) {
      tokens.subject(ctx.header("Authorization"));
    }
  }

  private io.javalin.http.Handler json(Function<Context, Object> route) {
    return ctx -> answer(ctx, 200, route.apply(ctx));
  }

  private io.javalin.http.Handler withBody(BiFunction<Context, byte[], Object> route) {
    return ctx -> answer(ctx, 200, route.apply(ctx, body(ctx)));
  }

  /** The request body, refused as too large before more than the limit is read. */
  private byte[] body(Context ctx) throws IOException {
    int limit = settings.maxBodyBytes();
    if (declaredLength(ctx) > limit) {
      throw new BodyTooLarge(limit);
    }
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] read = in.readNBytes(limit + 1);
      if (read.length > limit) {
        throw new BodyTooLarge(limit);
      }
      return read;
    }
  }

  /** The Content-Length header's value; -1 when absent or not a number (the read then decides). */
  private static long declaredLength(Context ctx) {
    String header = ctx.header("Content-Length");
    try {
      return header == null ? -1 : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static byte[] openApiDocument() {
    try (InputStream in = WorkflowHttpApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading openapi.json failed", e);
    }
  }

  private void fail(Exception e, Context ctx) {
    if (e instanceof Unauthorized unauthorized) {
      ctx.header("WWW-Authenticate", "Bearer");
      answer(ctx, 401, detail(unauthorized.getMessage()));
    } else if (e instanceof WorkflowNotFoundException notFound) {
      answer(ctx, 404, message(notFound.getMessage()));
    } else if (e instanceof InvalidRequestException invalid) {
      answer(ctx, 422, Map.of("detail", invalid.detail()));
    } else if (e instanceof InvalidWorkflowSpecException
        || e instanceof IllegalTransitionException
        || e instanceof IllegalArgumentException) {
      answer(ctx, 400, message(e.getMessage()));
    } else if (e instanceof BodyTooLarge) {
      answer(ctx, 413, detail(e.getMessage()));
    } else if (e instanceof HttpResponseException response) {
      answer(ctx, response.getStatus(), detail(reason(response.getStatus(), response)));
    } else if (e instanceof TransientFailureException) {
      LOG.log(System.Logger.Level.WARNING, "a request failed for now: " + e.getMessage());
      answer(ctx, 503, detail(e.getMessage()));
    } else {
      LOG.log(System.Logger.Level.ERROR, "a request failed: " + e, e);
      answer(ctx, 500, detail("Internal Server Error"));
    }
  }

  /** FastAPI's words for Starlette's own errors. */
  private static String reason(int status, HttpResponseException response) {
    return switch (status) {
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Request body is too large";
      default -> response.getMessage();
    };
  }

  private void answer(Context ctx, int status, Object json) {
    try {
      ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(json));
      ctx.attribute(ANSWERED, Boolean.TRUE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer could not be written as JSON", e);
    }
  }

  private static Map<String, Object> detail(String text) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("detail", text);
    return json;
  }

  private static Map<String, Object> message(String text) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("message", text);
    return json;
  }

  /** A request body over the limit; answered 413. */
  private static final class BodyTooLarge extends org.rhythm.domain.RhythmException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge(int limit) {
      super("the request body is larger than " + limit + " bytes");
    }
  }
}
