package org.rhythm.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.Guard;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports.Admission;
import org.rhythm.ports.out.WorkflowPage;
import org.rhythm.ports.out.WorkflowQuery;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.testkit.fixture.Tasks;
import org.rhythm.testkit.fixture.Workflows;
import org.rhythm.testkit.time.MutableClock;

/**
 * Store round trips, counted as the commands the driver sends (DESIGN.md §4 #9, §7): a workflow
 * view and a list page cost a constant number whatever the step count, a transition is one command,
 * and a step's hand-over through the service at most four.
 */
class RoundTripsIT {
  private static final CommandLog LOG = new CommandLog();
  private static final String WORKER = "w1@host";

  @RegisterExtension static final MongoTestServer MONGO = new MongoTestServer(List.of(LOG));

  private final MongoResultStore store = MONGO.resultStore();

  @Test
  void aViewOfAFiftyStepWorkflowIsTwoCommands() {
    Workflow workflow = withRunsOnEveryStep(Workflows.withSteps(50));
    store.create(workflow);
    workflow.taskIds().forEach(id -> store.saveTask(Tasks.success(id)));
    LOG.clear();

    Workflow found = store.find(workflow.id()).orElseThrow();
    TaskRecords records = store.tasks(found.taskIds());

    assertThat(records.records()).hasSize(50);
    assertThat(LOG.commands()).containsExactly("find", "find");
  }

  @Test
  void aFullListPageOfAHundredAndItsTasksIsThreeCommands() {
    String appId = Workflows.newAppId();
    for (int i = 0; i < 120; i++) {
      Workflow workflow =
          withRunsOnEveryStep(Workflows.inApp(appId, Workflows.CREATED_AT.plusSeconds(i)));
      store.create(workflow);
      workflow.taskIds().forEach(id -> store.saveTask(Tasks.running(id)));
    }
    LOG.clear();

    WorkflowPage page = store.list(WorkflowQuery.all(100).withAppId(appId));
    TaskRecords records = store.tasks(taskIdsOf(page));

    assertThat(page.total()).isEqualTo(120);
    assertThat(records.records()).hasSize(200);
    assertThat(LOG.commands()).containsExactly("aggregate", "aggregate", "find");
  }

  @Test
  void aListPageThatIsNotFullAndItsTasksIsTwoCommands() {
    String appId = Workflows.newAppId();
    IntStream.range(0, 7)
        .mapToObj(i -> Workflows.inApp(appId, Workflows.CREATED_AT.plusSeconds(i)))
        .forEach(workflow -> store.create(withRunsOnEveryStep(workflow)));
    LOG.clear();

    WorkflowPage page = store.list(WorkflowQuery.all(10).withAppId(appId));
    TaskRecords records = store.tasks(taskIdsOf(page));

    assertThat(page.total()).isEqualTo(7);
    assertThat(records.records()).isEmpty();
    assertThat(LOG.commands()).containsExactly("aggregate", "find");
  }

  @Test
  void eachTransitionIsExactlyOneFindAndModify() {
    Workflow workflow = Workflows.withSteps(3);
    store.create(workflow);
    List<Transition> transitions =
        List.of(
            new Transition(
                List.of(
                    new Guard.NotPaused(), new Guard.NoRuns(0), new Guard.ResumeLockFree(at(0))),
                List.of(
                    new Change.AppendTaskRun(0, new TaskRun(Tasks.newId(), at(1))),
                    new Change.SetStatus(WorkflowStatus.STARTED),
                    new Change.SetResumeLock(null),
                    new Change.SetUpdatedAt(at(1)))),
            new Transition(
                List.of(new Guard.DispatchUnchanged(1, null), new Guard.NoRun(0, Tasks.newId())),
                List.of(
                    new Change.SetDispatch(1, Workflows.dispatch(Tasks.newId(), at(2))),
                    new Change.SetUpdatedAt(at(2)))),
            new Transition(List.of(new Guard.Paused()), List.of(new Change.SetUpdatedAt(at(3)))));
    List<List<String>> commands = new ArrayList<>();

    for (Transition transition : transitions) {
      LOG.clear();
      store.apply(workflow.id(), transition);
      commands.add(LOG.commands());
    }

    assertThat(commands).containsOnly(List.of("findAndModify"));
  }

  @Test
  void aStepHandOverThroughTheServiceIsAtMostFourCommands() {
    RecordingBroker broker = new RecordingBroker();
    WorkflowService service =
        new WorkflowService(
            store,
            broker,
            new MutableClock(),
            Ids.random(),
            ServiceSettings.DEFAULTS.withDefaultQueue(Workflows.DEFAULT_QUEUE));
    WorkflowId id = service.create(Workflows.spec(Workflows.newAppId(), 3));
    service.start(id, List.of(1L), Map.of());
    TaskAttempt first = new TaskAttempt(broker.last(), WORKER);
    service.starting(first);
    service.succeeded(first, List.of(2L));
    TaskAttempt second = new TaskAttempt(broker.last(), WORKER);
    LOG.clear();

    Admission admission = service.starting(second);
    service.succeeded(second, List.of(3L));

    assertThat(admission).isEqualTo(Admission.RUN);
    assertThat(LOG.commands())
        .as("worker starting (run, record) + succeeded (record, advance)")
        .hasSizeLessThanOrEqualTo(4)
        .containsExactly("findAndModify", "update", "update", "findAndModify");
    assertThat(broker.published()).hasSize(3);
    assertThat(broker.last().stepName()).contains("step 3");
    assertThat(broker.last().args()).containsExactly(3L);
    Workflow stored = store.find(id).orElseThrow();
    assertThat(stored.step(1).taskRuns())
        .extracting(TaskRun::taskId)
        .containsExactly(second.message().taskId());
    assertThat(store.tasks(List.of(second.message().taskId())).stateOf(second.message().taskId()))
        .isEqualTo(TaskState.SUCCESS);
    assertThat(stored.storedStatus()).isEqualTo(WorkflowStatus.STARTED);
  }

  /** The workflow with one run on each step, started when the workflow was created. */
  private static Workflow withRunsOnEveryStep(Workflow workflow) {
    Workflow result = workflow;
    for (int i = 0; i < workflow.steps().size(); i++) {
      TaskRun run = new TaskRun(Tasks.newId(), workflow.createdAt());
      result = new Change.AppendTaskRun(i, run).applyTo(result);
    }
    return result;
  }

  private static List<TaskId> taskIdsOf(WorkflowPage page) {
    List<TaskId> ids = new ArrayList<>();
    page.workflows().forEach(workflow -> ids.addAll(workflow.taskIds()));
    return ids;
  }

  private static Instant at(int seconds) {
    return Workflows.CREATED_AT.plusSeconds(60 + seconds);
  }
}
