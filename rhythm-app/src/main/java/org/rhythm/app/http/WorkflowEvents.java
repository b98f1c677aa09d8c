package org.rhythm.app.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowNotFoundException;
import org.rhythm.ports.in.WorkflowQueries;

/**
 * Rhythm's addition to rhythm_api: {@code GET /workflows/{id}/events}, a server-sent-event stream
 * of the workflow's embellished view. The first event is the current view; another follows each
 * time the view changes, as seen by polling it every {@code period}; a {@code deleted} event ends
 * the stream when the workflow is gone. A comment every few seconds keeps idle connections open and
 * finds clients that left. One thread polls for every open stream.
 */
final class WorkflowEvents implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WorkflowEvents.class.getName());
  private static final int POLLS_PER_KEEPALIVE = 20;

  private final WorkflowQueries queries;
  private final ObjectMapper mapper;
  private final Duration period;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "rhythm-http-events");
            thread.setDaemon(true);
            return thread;
          });

  WorkflowEvents(WorkflowQueries queries, ObjectMapper mapper, Duration period) {
    this.queries = requireNonNull(queries, "queries");
    this.mapper = requireNonNull(mapper, "mapper");
    this.period = requireNonNull(period, "period");
  }

  /**
   * Checks the request (422 for bad view options, 404 for an unknown id) before the stream starts,
   * then streams.
   */
  void handle(Context ctx) throws Exception {
    QueryParameters query = new QueryParameters(ctx.queryParamMap());
    ViewOptions options =
        new ViewOptions(
            query.bool("last_task_run", ViewOptions.DEFAULT.lastTaskRun()),
            query.bool("prev_task_runs", ViewOptions.DEFAULT.prevTaskRuns()));
    query.check();
    WorkflowId id = WorkflowId.of(ctx.pathParam("workflow_id"));
    queries.view(id, options);
    new SseHandler(client -> stream(client, id, options)).handle(ctx);
  }

  private void stream(SseClient client, WorkflowId id, ViewOptions options) {
    client.keepAlive();
    AtomicReference<String> last = new AtomicReference<>();
    AtomicInteger quiet = new AtomicInteger();
    ScheduledFuture<?> polling =
        poller.scheduleWithFixedDelay(
            () -> poll(client, id, options, last, quiet),
            0,
            period.toMillis(),
            TimeUnit.MILLISECONDS);
    client.onClose(() -> polling.cancel(false));
  }

  private void poll(
      SseClient client,
      WorkflowId id,
      ViewOptions options,
      AtomicReference<String> last,
      AtomicInteger quiet) {
    if (client.terminated()) {
      return;
    }
    try {
      String view = mapper.writeValueAsString(ViewJson.workflow(queries.view(id, options)));
      if (!view.equals(last.getAndSet(view))) {
        quiet.set(0);
        client.sendEvent("workflow", view);
      } else if (quiet.incrementAndGet() % POLLS_PER_KEEPALIVE == 0) {
        client.sendComment("still watching");
      }
    } catch (WorkflowNotFoundException e) {
      client.sendEvent("deleted", "{\"id\": \"" + id.value().replace("\"", "") + "\"}");
      client.close();
    } catch (JsonProcessingException | RuntimeException e) {
      // The next poll tries again; a store that is down for now must not end the stream.
      LOG.log(System.Logger.Level.WARNING, "events of workflow " + id + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
