package org.rhythm.adapter.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports.Admission;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.testkit.fixture.Race;
import org.rhythm.testkit.fixture.Workflows;
import org.rhythm.testkit.time.MutableClock;

/**
 * Fifty resumes of one failed workflow at once, through two services each with its own client on
 * the same database, as two API servers would (DESIGN.md §2.1, §3.7, §8): the guarded update lets
 * exactly one win, and only the winner publishes.
 */
class ConcurrentResumeIT {
  private static final int CALLERS = 50;
  private static final String WORKER = "w1@host";
  private static final TaskFailure BOOM =
      new TaskFailure("ValueError", List.of("bad input"), "builtins");

  @RegisterExtension static final MongoTestServer MONGO = new MongoTestServer();

  private final MutableClock clock = new MutableClock();
  private final ServiceSettings settings =
      new ServiceSettings(Workflows.DEFAULT_QUEUE, Duration.ofMinutes(10), CALLERS * 2);
  private final RecordingBroker broker = new RecordingBroker();
  private final ResumeLockWrites lockWrites = new ResumeLockWrites();
  private final MongoResultStore first =
      new MongoResultStore(MONGO.settings(), List.of(lockWrites));
  private final MongoResultStore second =
      new MongoResultStore(MONGO.settings(), List.of(lockWrites));

  @AfterEach
  void closeStores() {
    first.close();
    second.close();
  }

  @Test
  void fiftyConcurrentResumesThroughTwoServicesResumeOncePublishOnceAndLockOnce() {
    first.start();
    second.start();
    List<WorkflowService> services = List.of(service(first), service(second));
    WorkflowId id = failedWorkflow(services.get(0));
    TaskId failedTask = broker.published().get(0).taskId();
    broker.clear();
    lockWrites.clear();

    List<ResumeResult> results =
        Race.run(CALLERS, caller -> services.get(caller % 2).resume(id, false, null));

    assertThat(results).filteredOn(ResumeResult::resumed).hasSize(1);
    assertThat(broker.published()).hasSize(1);
    TaskMessage message = broker.published().get(0);
    assertThat(message.taskId()).isNotEqualTo(failedTask);
    ResumeResult winner = results.stream().filter(ResumeResult::resumed).findFirst().orElseThrow();
    assertThat(winner.restartedStep().orElseThrow().task()).isEqualTo(message.task());
    assertThat(lockWrites.count()).isEqualTo(1);
    Workflow stored = first.find(id).orElseThrow();
    assertThat(stored.resumeLock()).isEqualTo(clock.instant());
    Dispatch dispatch = stored.step(0).dispatch();
    assertThat(dispatch.taskId()).isEqualTo(message.taskId());
    assertThat(dispatch.cause()).isEqualTo(Dispatch.RESUME);
    assertThat(stored.step(0).taskRuns()).hasSize(1);
  }

  private WorkflowService service(MongoResultStore store) {
    return new WorkflowService(store, broker, clock, Ids.random(), settings);
  }

  /** A two-step workflow whose first step a worker started and reported failed. */
  private WorkflowId failedWorkflow(WorkflowService service) {
    WorkflowId id = service.create(Workflows.spec(Workflows.newAppId(), 2));
    service.start(id, List.of("input"), Map.of());
    TaskAttempt attempt = new TaskAttempt(broker.published().get(0), WORKER);
    assertThat(service.starting(attempt)).isEqualTo(Admission.RUN);
    service.failed(attempt, BOOM, "Traceback: boom");
    assertThat(service.view(id, ViewOptions.DEFAULT).status()).isEqualTo(WorkflowStatus.FAILURE);
    return id;
  }

  /**
   * Counts the transitions ({@code findAndModify} of {@code workflow_meta}) that set a resume lock
   * and matched a document: the locks actually written, whichever client wrote them.
   */
  private static final class ResumeLockWrites implements CommandListener {
    private final Set<Integer> lockingUpdates = ConcurrentHashMap.newKeySet();
    private final AtomicInteger written = new AtomicInteger();

    @Override
    public void commandStarted(CommandStartedEvent event) {
      if (event.getCommandName().equals("findAndModify") && setsAResumeLock(event.getCommand())) {
        lockingUpdates.add(event.getRequestId());
      }
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
      BsonValue changed = event.getResponse().get("value");
      if (lockingUpdates.remove(event.getRequestId()) && changed != null && !changed.isNull()) {
        written.incrementAndGet();
      }
    }

    private static boolean setsAResumeLock(BsonDocument command) {
      BsonDocument set = command.getDocument("update").getDocument("$set", null);
      return set != null
          && set.containsKey(WorkflowDocuments.RESUME_LOCK)
          && !set.get(WorkflowDocuments.RESUME_LOCK).isNull();
    }

    int count() {
      return written.get();
    }

    void clear() {
      written.set(0);
    }
  }
}
