package org.rhythm.app.http;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.workflow.InvalidWorkflowSpecException;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowCommands;
import org.rhythm.ports.in.WorkflowQueries;
import org.rhythm.ports.out.WorkflowQuery;

/**
 * What each endpoint of rhythm_api does (rhythm-api-contract.md §1.2): reads its parameters and
 * body, calls the workflow ports and returns the JSON value to answer with. Failures are thrown and
 * answered by {@link WorkflowHttpApi}.
 */
final class WorkflowRoutes {
  /** The {@code status} filter's values: the five statuses and rhythm_api's three groups. */
  static final List<String> STATUS_FILTERS =
      List.of("PENDING", "STARTED", "SUCCESS", "FAILURE", "REVOKED", "ACTIVE", "DONE", "EXCEPTION");

  private final WorkflowCommands commands;
  private final WorkflowQueries queries;
  private final RequestBodies bodies;

  WorkflowRoutes(WorkflowCommands commands, WorkflowQueries queries, RequestBodies bodies) {
    this.commands = requireNonNull(commands, "commands");
    this.queries = requireNonNull(queries, "queries");
    this.bodies = requireNonNull(bodies, "bodies");
  }

  Object health(Context ctx) {
    return Map.of("health", "OK");
  }

  Object list(Context ctx) {
    QueryParameters query = new QueryParameters(ctx.queryParamMap());
    ViewOptions options = viewOptions(query);
    String status = query.oneOf("status", STATUS_FILTERS);
    int skip = query.count("skip", 0);
    int limit = query.count("limit", 10);
    boolean oldestFirst = query.bool("sort_order_asc", false);
    query.check();
    List<String> ids = query.texts("workflow_id");
    WorkflowQuery filter =
        new WorkflowQuery(
            query.text("app_id"),
            statuses(status),
            ids == null ? null : workflowIds(ids),
            query.text("workflow_name"),
            skip,
            limit,
            oldestFirst);
    return ViewJson.page(queries.list(filter, options));
  }

  Object counts(Context ctx) {
    QueryParameters query = new QueryParameters(ctx.queryParamMap());
    return ViewJson.counts(queries.countsByStatus(query.text("app_id")));
  }

  Object view(Context ctx) {
    QueryParameters query = new QueryParameters(ctx.queryParamMap());
    ViewOptions options = viewOptions(query);
    query.check();
    return ViewJson.workflow(queries.view(workflowId(ctx), options));
  }

  Object create(Context ctx, byte[] body) {
    RequestBodies.NewWorkflow request = bodies.newWorkflow(body);
    checkBeforeCreating(request);
    WorkflowId id = commands.create(request.spec());
    commands.start(id, request.args(), Map.of());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("workflow_id", id.value());
    return json;
  }

  /**
   * Every problem of the definition and of the start arguments, found before anything is stored, so
   * that a refused request leaves no workflow behind.
   */
  private static void checkBeforeCreating(RequestBodies.NewWorkflow request) {
    List<String> problems = new ArrayList<>(request.spec().problems());
    if (Json.sizeInBytes(request.args()) > WorkflowSpec.MAX_JSON_BYTES) {
      problems.add("args is larger than 1 MiB of JSON");
    }
    if (!problems.isEmpty()) {
      throw new InvalidWorkflowSpecException(problems);
    }
  }

  Object pause(Context ctx) {
    return ViewJson.pause(commands.pause(workflowId(ctx)));
  }

  Object resume(Context ctx, byte[] body) {
    QueryParameters query = new QueryParameters(ctx.queryParamMap());
    boolean force = query.bool("force", false);
    query.check();
    List<Object> args = bodies.resumeArgs(body);
    return ViewJson.resume(commands.resume(workflowId(ctx), force, args));
  }

  Object delete(Context ctx) {
    boolean deleted = commands.delete(workflowId(ctx), false);
    return Map.of("deleted_count", deleted ? 1 : 0);
  }

  /** {@code app_id} is required, as in rhythm_api, and ignored, as there. */
  Object uniqueTasks(Context ctx) {
    QueryParameters query = new QueryParameters(ctx.queryParamMap());
    query.requiredText("app_id");
    query.check();
    return new ArrayList<>(queries.taskStepNames());
  }

  /** Ids to filter on; an empty one matches no workflow, as in rhythm_api. */
  private static List<WorkflowId> workflowIds(List<String> ids) {
    return ids.stream().filter(id -> !id.isBlank()).map(WorkflowId::of).toList();
  }

  private static ViewOptions viewOptions(QueryParameters query) {
    return new ViewOptions(
        query.bool("last_task_run", ViewOptions.DEFAULT.lastTaskRun()),
        query.bool("prev_task_runs", ViewOptions.DEFAULT.prevTaskRuns()));
  }

  private static Set<WorkflowStatus> statuses(String filter) {
    if (filter == null) {
      return Set.of();
    }
    return switch (filter) {
      case "ACTIVE" -> WorkflowStatus.ACTIVE;
      case "DONE" -> WorkflowStatus.DONE;
      case "EXCEPTION" -> WorkflowStatus.EXCEPTION;
      default -> Set.of(WorkflowStatus.of(filter));
    };
  }

  private static WorkflowId workflowId(Context ctx) {
    return WorkflowId.of(ctx.pathParam("workflow_id"));
  }
}
