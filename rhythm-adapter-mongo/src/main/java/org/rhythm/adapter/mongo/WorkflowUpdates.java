package org.rhythm.adapter.mongo;

import static org.rhythm.adapter.mongo.BsonValues.date;
import static org.rhythm.adapter.mongo.WorkflowDocuments.DISPATCH;
import static org.rhythm.adapter.mongo.WorkflowDocuments.HEARTBEAT;
import static org.rhythm.adapter.mongo.WorkflowDocuments.HELD;
import static org.rhythm.adapter.mongo.WorkflowDocuments.ID;
import static org.rhythm.adapter.mongo.WorkflowDocuments.PAUSED_AT;
import static org.rhythm.adapter.mongo.WorkflowDocuments.RESUME_LOCK;
import static org.rhythm.adapter.mongo.WorkflowDocuments.SENT_AT;
import static org.rhythm.adapter.mongo.WorkflowDocuments.START_ARGS;
import static org.rhythm.adapter.mongo.WorkflowDocuments.START_KWARGS;
import static org.rhythm.adapter.mongo.WorkflowDocuments.STATUS;
import static org.rhythm.adapter.mongo.WorkflowDocuments.STEPS;
import static org.rhythm.adapter.mongo.WorkflowDocuments.TASK_ID;
import static org.rhythm.adapter.mongo.WorkflowDocuments.TASK_RUNS;
import static org.rhythm.adapter.mongo.WorkflowDocuments.UPDATED_AT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.Guard;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.WorkflowId;

/**
 * A {@link Transition} as the filter and the update of one conditional update on {@code
 * workflow_meta} (DESIGN.md §2.1): the filter selects the workflow by {@code _id} and carries every
 * guard; the update uses targeted operators only ({@code $push} of runs, {@code $set} of single
 * fields), never a whole-document write, so fields other writers own keep their values. Pure.
 *
 * <p>Steps are addressed by index ({@code steps.1.dispatch}). MongoDB matches such a path both at
 * the array offset and as a field named {@code "1"} inside every other element, where it is
 * missing; a missing value equals {@code null}, so a guard never compares a step field with null:
 * "no dispatch" is {@code $not: {$type: "object"}}, which missing values cannot satisfy.
 */
public final class WorkflowUpdates {
  private WorkflowUpdates() {}

  /**
   * The filter: the workflow's id, its guards, and that every step the changes name exists (so a
   * change can never pad {@code steps} with nulls).
   */
  public static Document filter(WorkflowId id, Transition transition) {
    Document filter = new Document(ID, id.value());
    List<Document> conditions = new ArrayList<>();
    int lastStep = lastStep(transition.changes());
    if (lastStep >= 0) {
      conditions.add(new Document(STEPS + "." + lastStep, new Document("$exists", true)));
    }
    transition.guards().forEach(guard -> conditions.add(condition(guard)));
    if (!conditions.isEmpty()) {
      filter.put("$and", conditions);
    }
    return filter;
  }

  /** The update: {@code $set} of each field the changes set, {@code $push} of appended runs. */
  public static Document update(List<Change> changes) {
    Map<String, Object> set = new LinkedHashMap<>();
    Map<String, List<Object>> push = new LinkedHashMap<>();
    for (Change change : changes) {
      if (change instanceof Change.AppendTaskRun append) {
        push.computeIfAbsent(path(append.step(), TASK_RUNS), key -> new ArrayList<>())
            .add(WorkflowDocuments.taskRun(append.run()));
      } else {
        set(set, change);
      }
    }
    Document update = new Document();
    if (!set.isEmpty()) {
      update.put("$set", new Document(set));
    }
    if (!push.isEmpty()) {
      Document pushes = new Document();
      push.forEach(
          (path, runs) ->
              pushes.put(path, runs.size() == 1 ? runs.get(0) : new Document("$each", runs)));
      update.put("$push", pushes);
    }
    return update;
  }

  /** The filter condition of one guard. */
  static Document condition(Guard guard) {
    if (guard instanceof Guard.NotPaused) {
      return new Document(PAUSED_AT, null);
    }
    if (guard instanceof Guard.Paused) {
      return new Document(PAUSED_AT, new Document("$ne", null));
    }
    if (guard instanceof Guard.DispatchUnchanged unchanged) {
      return dispatchUnchanged(unchanged);
    }
    if (guard instanceof Guard.NoRun noRun) {
      return new Document(
          path(noRun.step(), TASK_RUNS + "." + TASK_ID),
          new Document("$ne", noRun.taskId().value()));
    }
    if (guard instanceof Guard.NoRuns noRuns) {
      return new Document(path(noRuns.step(), TASK_RUNS + ".0"), new Document("$exists", false));
    }
    if (guard instanceof Guard.ResumeLockFree free) {
      return new Document(
          "$or",
          List.of(
              new Document(RESUME_LOCK, null),
              new Document(RESUME_LOCK, new Document("$lte", date(free.staleBefore())))));
    }
    if (guard instanceof Guard.ResumeLockStale stale) {
      return new Document(
          RESUME_LOCK, new Document("$ne", null).append("$lte", date(stale.staleBefore())));
    }
    if (guard instanceof Guard.DispatchAbsentOr absentOr) {
      return new Document(
          "$or",
          List.of(
              noDispatch(absentOr.step()),
              new Document(
                  path(absentOr.step(), DISPATCH + "." + TASK_ID), absentOr.taskId().value())));
    }
    throw new IllegalArgumentException(
        "no MongoDB filter for the guard kind " + guard.getClass().getName());
  }

  private static Document dispatchUnchanged(Guard.DispatchUnchanged guard) {
    if (guard.expected() == null) {
      return noDispatch(guard.step());
    }
    String dispatch = path(guard.step(), DISPATCH) + ".";
    return new Document(dispatch + TASK_ID, guard.expected().taskId().value())
        .append(dispatch + SENT_AT, date(guard.expected().sentAt()))
        .append(dispatch + HELD, guard.expected().held());
  }

  private static Document noDispatch(int step) {
    return new Document(
        path(step, DISPATCH), new Document("$not", new Document("$type", "object")));
  }

  private static void set(Map<String, Object> set, Change change) {
    if (change instanceof Change.SetDispatch dispatch) {
      set.put(path(dispatch.step(), DISPATCH), WorkflowDocuments.dispatch(dispatch.dispatch()));
    } else if (change instanceof Change.SetHeartbeat beat) {
      set.put(path(beat.step(), HEARTBEAT), WorkflowDocuments.heartbeat(beat.heartbeat()));
    } else if (change instanceof Change.SetStatus status) {
      set.put(STATUS, status.status().name());
    } else if (change instanceof Change.SetResumeLock lock) {
      set.put(RESUME_LOCK, date(lock.at()));
    } else if (change instanceof Change.SetPausedAt pause) {
      set.put(PAUSED_AT, date(pause.at()));
    } else if (change instanceof Change.SetStartArguments start) {
      set.put(START_ARGS, BsonValues.toBson(start.args()));
      set.put(START_KWARGS, BsonValues.toBsonObject(start.kwargs()));
    } else if (change instanceof Change.SetUpdatedAt updated) {
      set.put(UPDATED_AT, date(updated.at()));
    } else {
      throw new IllegalArgumentException(
          "no MongoDB update for the change kind " + change.getClass().getName());
    }
  }

  /** The highest step index the changes name; -1 when they name none. */
  private static int lastStep(List<Change> changes) {
    int last = -1;
    for (Change change : changes) {
      if (change instanceof Change.AppendTaskRun append) {
        last = Math.max(last, append.step());
      } else if (change instanceof Change.SetDispatch dispatch) {
        last = Math.max(last, dispatch.step());
      } else if (change instanceof Change.SetHeartbeat beat) {
        last = Math.max(last, beat.step());
      }
    }
    return last;
  }

  private static String path(int step, String field) {
    return STEPS + "." + step + "." + field;
  }
}
