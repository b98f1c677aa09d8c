package org.rhythm.ports.in;

import java.time.Instant;
import org.rhythm.domain.task.TaskRecord;

/**
 * One run of a step as a view shows it (rhythm-api-contract.md §1.3): the task's record with the
 * time the run started. {@code record} is null when the task has no record.
 */
public record TaskRunView(TaskRecord record, Instant dateStart) {}
