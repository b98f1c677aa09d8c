package org.rhythm.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.Guard;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;

/**
 * {@link WorkflowUpdates}: each guard as a filter condition, each change as a targeted operator.
 */
class WorkflowUpdatesTest {
  private static final Instant T = Instant.parse("2024-01-01T00:01:00.123456Z");
  private static final String T_MS = "{\"$date\": \"2024-01-01T00:01:00.123Z\"}";
  private static final TaskId TASK = TaskId.of("t-1");
  private static final Dispatch DISPATCH =
      new Dispatch(TASK, List.of("in"), Map.of("k", 1), TaskPriority.clamped(2), T, "start", true);

  @Test
  void guardsOnThePauseCompareItWithNull() {
    String notPaused = json(WorkflowUpdates.condition(new Guard.NotPaused()));
    String paused = json(WorkflowUpdates.condition(new Guard.Paused()));

    assertThat(notPaused).isEqualTo("{\"paused_at\": null}");
    assertThat(paused).isEqualTo("{\"paused_at\": {\"$ne\": null}}");
  }

  @Test
  void noDispatchIsAStepFieldThatIsNoDocumentNeverAnEqualityWithNull() {
    String condition = json(WorkflowUpdates.condition(new Guard.DispatchUnchanged(1, null)));

    assertThat(condition).isEqualTo("{\"steps.1.dispatch\": {\"$not\": {\"$type\": \"object\"}}}");
  }

  @Test
  void anUnchangedDispatchHasTheSameTaskTimeAndHold() {
    String condition = json(WorkflowUpdates.condition(new Guard.DispatchUnchanged(2, DISPATCH)));

    assertThat(condition)
        .isEqualTo(
            "{\"steps.2.dispatch.task_id\": \"t-1\", \"steps.2.dispatch.sent_at\": "
                + T_MS
                + ", \"steps.2.dispatch.held\": true}");
  }

  @Test
  void runGuardsLookIntoTheStepsRuns() {
    String noRun = json(WorkflowUpdates.condition(new Guard.NoRun(0, TASK)));
    String noRuns = json(WorkflowUpdates.condition(new Guard.NoRuns(3)));

    assertThat(noRun).isEqualTo("{\"steps.0.task_runs.task_id\": {\"$ne\": \"t-1\"}}");
    assertThat(noRuns).isEqualTo("{\"steps.3.task_runs.0\": {\"$exists\": false}}");
  }

  @Test
  void lockGuardsCompareTheLockWithTheLimitInMilliseconds() {
    String free = json(WorkflowUpdates.condition(new Guard.ResumeLockFree(T)));
    String stale = json(WorkflowUpdates.condition(new Guard.ResumeLockStale(T)));

    assertThat(free)
        .isEqualTo(
            "{\"$or\": [{\"resume_lock\": null}, {\"resume_lock\": {\"$lte\": " + T_MS + "}}]}");
    assertThat(stale).isEqualTo("{\"resume_lock\": {\"$ne\": null, \"$lte\": " + T_MS + "}}");
  }

  @Test
  void dispatchAbsentOrIsAnOrOfNoDispatchAndThisTask() {
    String condition = json(WorkflowUpdates.condition(new Guard.DispatchAbsentOr(1, TASK)));

    assertThat(condition)
        .isEqualTo(
            "{\"$or\": [{\"steps.1.dispatch\": {\"$not\": {\"$type\": \"object\"}}},"
                + " {\"steps.1.dispatch.task_id\": \"t-1\"}]}");
  }

  @Test
  void theFilterSelectsTheIdAtTheTopAndPutsEveryGuardUnderAnd() {
    Transition transition =
        new Transition(
            List.of(new Guard.ResumeLockFree(T), new Guard.DispatchAbsentOr(0, TASK)),
            List.of(new Change.SetStatus(WorkflowStatus.STARTED)));

    Document filter = WorkflowUpdates.filter(WorkflowId.of("w-1"), transition);

    assertThat(filter.keySet()).containsExactly("_id", "$and");
    assertThat(filter.get("_id")).isEqualTo("w-1");
    assertThat(filter.getList("$and", Document.class)).hasSize(2);
  }

  @Test
  void theFilterRequiresTheLastStepTheChangesName() {
    Transition transition =
        new Transition(
            List.of(),
            List.of(
                new Change.SetDispatch(2, DISPATCH),
                new Change.AppendTaskRun(1, new TaskRun(TASK, T))));

    Document filter = WorkflowUpdates.filter(WorkflowId.of("w-1"), transition);

    assertThat(json(filter))
        .isEqualTo("{\"_id\": \"w-1\", \"$and\": [{\"steps.2\": {\"$exists\": true}}]}");
  }

  @Test
  void aTransitionWithoutGuardsOrStepsSelectsOnlyTheId() {
    Transition transition = new Transition(List.of(), List.of(new Change.SetUpdatedAt(T)));

    Document filter = WorkflowUpdates.filter(WorkflowId.of("w-1"), transition);

    assertThat(json(filter)).isEqualTo("{\"_id\": \"w-1\"}");
  }

  @Test
  void appendedRunsArePushedAndSeveralOnOneStepPushedWithEach() {
    List<Change> changes =
        List.of(
            new Change.AppendTaskRun(0, new TaskRun(TASK, T)),
            new Change.AppendTaskRun(1, new TaskRun(TASK, T)),
            new Change.AppendTaskRun(0, new TaskRun(TaskId.of("t-2"), T)));

    Document update = WorkflowUpdates.update(changes);

    String run1 = "{\"date_start\": " + T_MS + ", \"task_id\": \"t-1\"}";
    String run2 = "{\"date_start\": " + T_MS + ", \"task_id\": \"t-2\"}";
    assertThat(json(update))
        .isEqualTo(
            "{\"$push\": {\"steps.0.task_runs\": {\"$each\": ["
                + run1
                + ", "
                + run2
                + "]}, \"steps.1.task_runs\": "
                + run1
                + "}}");
  }

  @Test
  void everyOtherChangeSetsSingleFields() {
    List<Change> changes =
        List.of(
            new Change.SetDispatch(1, DISPATCH),
            new Change.SetHeartbeat(0, new Heartbeat(TASK, T)),
            new Change.SetStatus(WorkflowStatus.of("PROGRESS")),
            new Change.SetResumeLock(null),
            new Change.SetPausedAt(T),
            new Change.SetStartArguments(List.of(1), Map.of("k", "v")),
            new Change.SetUpdatedAt(T));

    Document update = WorkflowUpdates.update(changes);

    assertThat(update.keySet()).containsExactly("$set");
    assertThat(update.get("$set", Document.class).keySet())
        .containsExactly(
            "steps.1.dispatch",
            "steps.0.heartbeat",
            "_status",
            "resume_lock",
            "paused_at",
            "start_args",
            "start_kwargs",
            "updated_at");
    assertThat(update.get("$set", Document.class).get("start_args")).isEqualTo(List.of(1));
  }

  @Test
  void theLastOfTwoChangesOfOneFieldWins() {
    List<Change> changes = List.of(new Change.SetPausedAt(T), new Change.SetPausedAt(null));

    Document update = WorkflowUpdates.update(changes);

    assertThat(json(update)).isEqualTo("{\"$set\": {\"paused_at\": null}}");
  }

  private static String json(Document document) {
    return document.toJson();
  }
}
