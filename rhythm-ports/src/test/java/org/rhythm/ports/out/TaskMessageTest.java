package org.rhythm.ports.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.workflow.TaskCommand;
import org.rhythm.domain.workflow.WorkflowId;

class TaskMessageTest {
  private static final TaskId TASK = TaskId.of("6e09884e-80a7-48d4-a070-0980bd6ea889");

  @Test
  void aDispatchBecomesAFirstAttempt() {
    TaskCommand.SendTask send =
        new TaskCommand.SendTask(
            TASK,
            "tasks.archive",
            "q1",
            List.of(42L),
            Map.of("workflow_id", "wf-1", "step", "archive"),
            new TaskPriority(2),
            WorkflowId.of("wf-1"),
            "archive");

    TaskMessage message = TaskMessage.of(send);

    assertThat(message)
        .isEqualTo(
            new TaskMessage(
                TASK,
                "tasks.archive",
                "q1",
                List.of(42L),
                Map.of("workflow_id", "wf-1", "step", "archive"),
                new TaskPriority(2),
                0));
  }

  @Test
  void theWorkflowAndStepComeFromTheReservedKeywordArguments() {
    TaskMessage message = message(Map.of("workflow_id", "wf-1", "step", "archive", "x", 1));

    assertThat(message.workflowId()).contains(WorkflowId.of("wf-1"));
    assertThat(message.stepName()).contains("archive");
  }

  @Test
  void aPlainCeleryTaskBelongsToNoWorkflow() {
    TaskMessage message = message(Map.of("z", 4));

    assertThat(message.workflowId()).isEmpty();
    assertThat(message.stepName()).isEmpty();
  }

  @Test
  void theNextAttemptKeepsTheTaskIdAndCountsTheRetry() {
    TaskMessage message = message(Map.of());

    TaskMessage next = message.nextAttempt().nextAttempt();

    assertThat(next.taskId()).isEqualTo(TASK);
    assertThat(next.retries()).isEqualTo(2);
  }

  @Test
  void negativeRetriesAreRefused() {
    assertThatThrownBy(
            () -> new TaskMessage(TASK, "t", "q", List.of(), Map.of(), new TaskPriority(0), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retries is not negative: -1");
  }

  private static TaskMessage message(Map<String, Object> kwargs) {
    return new TaskMessage(
        TASK, "tasks.add", "q1", List.of(2L, 3L), kwargs, new TaskPriority(1), 0);
  }
}
