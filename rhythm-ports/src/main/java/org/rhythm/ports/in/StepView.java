package org.rhythm.ports.in;

import java.util.List;
import org.rhythm.domain.task.TaskState;

/**
 * One step as a view shows it: name, task, status, and, when asked, its last run (null when it has
 * none or no record) and earlier runs (null when not asked).
 */
public record StepView(
    String name,
    String task,
    TaskState status,
    boolean lastRunIncluded,
    TaskRunView lastTaskRun,
    List<TaskRunView> prevTaskRuns) {}
