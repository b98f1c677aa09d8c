package org.rhythm.ports.service;

import java.util.ArrayList;
import java.util.List;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.workflow.Step;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.TaskRunView;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowView;

/** Builds sca_rhythm's embellished view of a workflow from the workflow and its task records. */
final class Views {
  private Views() {}

  static WorkflowView of(Workflow workflow, TaskRecords records, ViewOptions options) {
    List<StepView> steps = new ArrayList<>();
    for (int i = 0; i < workflow.steps().size(); i++) {
      steps.add(step(workflow, i, records, options));
    }
    return new WorkflowView(
        workflow.id(),
        workflow.name(),
        workflow.appId(),
        workflow.description(),
        workflow.createdAt(),
        workflow.updatedAt(),
        workflow.status(records),
        workflow.stepsDone(records),
        workflow.steps().size(),
        steps,
        workflow.resumeLock(),
        workflow.isPaused());
  }

  private static StepView step(
      Workflow workflow, int index, TaskRecords records, ViewOptions options) {
    Step step = workflow.step(index);
    TaskRunView last =
        step.lastRun()
            .flatMap(
                run -> records.find(run.taskId()).map(r -> new TaskRunView(r, run.dateStart())))
            .orElse(null);
    List<TaskRunView> previous = null;
    if (options.prevTaskRuns()) {
      List<TaskRun> runs = step.taskRuns();
      previous = new ArrayList<>();
      for (TaskRun run : runs.subList(0, Math.max(0, runs.size() - 1))) {
        previous.add(new TaskRunView(records.find(run.taskId()).orElse(null), run.dateStart()));
      }
    }
    return new StepView(
        step.name(),
        step.task(),
        workflow.stepStatus(index, records),
        options.lastTaskRun(),
        options.lastTaskRun() ? last : null,
        previous);
  }
}
