package org.rhythm.ports.service;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Set;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.WorkflowNotFoundException;
import org.rhythm.ports.out.WorkflowPage;
import org.rhythm.ports.out.WorkflowQuery;

/**
 * The periodic repair of DESIGN.md §3.9: re-sends dispatches no worker started within the timeout
 * (same task id), re-sends tasks whose lease expired (acknowledged at start, then their Java worker
 * fell silent), releases stale resume locks, marks runs of lost Java workers as FAILURE and
 * refreshes the cached status of unfinished workflows. Every repair is a guarded transition, so
 * several reconcilers may run at once and a step is never sent twice while its first copy runs.
 */
public final class Reconciler {
  private static final Set<WorkflowStatus> UNFINISHED =
      Set.of(
          WorkflowStatus.PENDING,
          WorkflowStatus.STARTED,
          WorkflowStatus.FAILURE,
          WorkflowStatus.REVOKED);

  private final WorkflowService service;
  private final ReconcilerSettings settings;

  public Reconciler(WorkflowService service, ReconcilerSettings settings) {
    this.service = requireNonNull(service, "service");
    this.settings = requireNonNull(settings, "settings");
  }

  /** One pass over the unfinished workflows; returns how many repairs it applied. */
  public int reconcile() {
    int repairs = 0;
    int skip = 0;
    while (true) {
      WorkflowQuery query =
          new WorkflowQuery(null, UNFINISHED, null, null, skip, settings.pageSize(), true);
      WorkflowPage page = service.store().list(query);
      for (Workflow workflow : page.workflows()) {
        try {
          repairs += repair(workflow);
        } catch (WorkflowNotFoundException deletedMeanwhile) {
          // Deleted since the page was read: nothing left to repair.
        }
      }
      skip += settings.pageSize();
      if (page.workflows().size() < settings.pageSize()) {
        return repairs;
      }
    }
  }

  private int repair(Workflow workflow) {
    Instant now = service.clock().instant();
    int repairs = 0;
    var lost =
        workflow.lostRun(
            now, settings.heartbeatTimeout(), service.store().tasks(workflow.currentTaskIds()));
    if (lost.isPresent()) {
      service.recordWorkerLost(workflow.id(), lost.get());
      repairs++;
    }
    if (service.repair(
        workflow.id(),
        (w, records) -> w.redispatchLost(now, settings.dispatchTimeout(), records))) {
      repairs++;
    }
    if (service.repair(
        workflow.id(),
        (w, records) -> w.redispatchExpiredLease(now, settings.heartbeatTimeout(), records))) {
      repairs++;
    }
    if (service.repair(
        workflow.id(), (w, records) -> w.releaseStaleLock(now, service.settings().resumeLease()))) {
      repairs++;
    }
    if (service.repair(workflow.id(), (w, records) -> w.refreshStatus(records, now))) {
      repairs++;
    }
    return repairs;
  }
}
