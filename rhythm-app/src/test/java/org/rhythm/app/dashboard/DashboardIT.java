package org.rhythm.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;

/**
 * The dashboard {@code rhythm server} serves at {@code /}, in a real headless Chromium against a
 * real server with a Java worker: signing in, the list with its counts, tabs and search, and a
 * workflow's page with live progress, pause, resume, errors and delete. Each test has a server of
 * its own (so its counts are its own) and saves screenshots under {@code target/screenshots}.
 */
class DashboardIT {
  private static Browser browser;
  private final DashboardServer server = new DashboardServer();

  @BeforeAll
  static void openBrowser() {
    browser = new Browser();
  }

  @AfterAll
  static void closeBrowser() {
    browser.close();
  }

  @AfterEach
  void closeServer() {
    server.close();
  }

  @Test
  void theListCountsWorkflowsByStatus() {
    listOfFive();

    signIn();

    browser.awaitText(".stat[data-status='SUCCESS'] .stat-count", "3");
    browser.awaitText(".stat[data-status='FAILURE'] .stat-count", "1");
    browser.awaitText(".stat[data-status='STARTED'] .stat-count", "1");
    assertThat(browser.texts(".tab"))
        .containsExactly("All 5", "Active 1", "Done 4", "Failed or revoked 1");
    assertThat(browser.texts("#rows .name")).hasSize(5);
    assertThat(browser.texts("#range")).containsExactly("1–5 of 5");
    browser.screenshot("list");
    browser.screenshot("list-narrow", 420);
  }

  @Test
  void aStatusTabShowsOnlyItsWorkflows() {
    listOfFive();
    signIn();
    browser.awaitText("#range", "1–5 of 5");

    browser.click(".tab[data-status='EXCEPTION']");

    browser.awaitText("#range", "1–1 of 1");
    assertThat(browser.texts("#rows .name")).containsExactly("validate-batch");
    assertThat(browser.texts("#rows .pill")).containsExactly("Failed");
    assertThat(browser.url()).endsWith("#/?status=EXCEPTION");
    browser.screenshot("list-failed-tab");
  }

  @Test
  void searchingForANameShowsOnlyThoseWorkflows() {
    listOfFive();
    signIn();
    browser.awaitText("#range", "1–5 of 5");

    browser.type("#search", "nightly-transfer");

    browser.awaitText("#range", "1–1 of 1");
    assertThat(browser.texts("#rows .name")).containsExactly("nightly-transfer");
    assertThat(browser.texts("#rows .step-name")).containsExactly("inspect");
  }

  @Test
  void aWorkflowPageShowsProgressMovingAndPausesAndResumesThroughItsButtons() {
    WorkflowId id = transfer();
    signIn();
    browser.click("tr[data-id='" + id.value() + "'] a.name");
    browser.awaitText("#wf-name", "nightly-transfer");
    String bar = ".step[data-step='transfer'] [role='progressbar']";
    server.go();

    int first = browser.await("the transfer's progress is above 0", d -> percent(bar, 0));
    int later = browser.await("the transfer's progress moves on", d -> percent(bar, first));
    browser.screenshot("workflow-running");
    browser.screenshot("workflow-running-narrow", 420);
    browser.click("#pause");
    browser.awaitText("#wf-status", "Revoked");
    browser.shown("#wf-paused");
    browser.screenshot("workflow-paused");
    server.openGate();
    browser.click("#resume");
    browser.awaitText("#wf-status", "Succeeded");

    assertThat(later).isGreaterThan(first);
    assertThat(browser.url()).endsWith("#/workflows/" + id.value());
    assertThat(browser.texts(".step .pill")).containsExactly("Succeeded", "Succeeded", "Succeeded");
    assertThat(browser.texts(".step[data-step='transfer'] .history > summary"))
        .containsExactly("1 earlier run");
    assertThat(browser.texts("#overall-text")).containsExactly("All 3 steps done");
    browser.click(".step[data-step='transfer'] .history > summary");
    assertThat(browser.texts(".step[data-step='transfer'] .runs .pill")).containsExactly("Revoked");
    browser.screenshot("workflow-done");
  }

  @Test
  void aFailedStepShowsItsErrorAndTraceback() {
    WorkflowId id =
        server.start("validate-batch", "validate", "dash.fail", "archive", "dash.quick");
    server.await(id, view -> view.status().equals(WorkflowStatus.FAILURE));
    signIn();

    browser.open(server.url() + "#/workflows/" + id.value());

    browser.awaitText("#wf-status", "Failed");
    String error = ".step[data-step='validate'] .error";
    assertThat(browser.texts(error + " .exception"))
        .containsExactly("IllegalStateException: checksum mismatch in batch-7");
    browser.click(error + " summary");
    assertThat(browser.texts(error + " .traceback"))
        .singleElement()
        .asString()
        .contains("at org.rhythm");
    assertThat(browser.shown("#resume").isEnabled()).isTrue();
    assertThat(browser.texts(".step[data-step='archive'] .run-facts"))
        .containsExactly("Not started");
    browser.screenshot("workflow-failed");
  }

  @Test
  void deletingFromTheWorkflowPageRemovesItAndGoesBackToTheList() {
    WorkflowId id = server.start("cleanup", "only", "dash.quick");
    server.await(id, view -> view.status().equals(WorkflowStatus.SUCCESS));
    signIn();
    browser.open(server.url() + "#/workflows/" + id.value());
    browser.awaitText("#wf-status", "Succeeded");
    browser.click("#delete");

    browser.click("#confirm-delete-button");

    browser.awaitText("#range", "0–0 of 0");
    assertThat(browser.url()).endsWith("#/");
    browser.shown("#empty");
  }

  @Test
  void aTokenTheServerRefusesIsNamedOnTheSignInForm() {
    browser.open(server.url());

    browser.type("#token", DashboardServer.strangersToken());
    browser.click("#sign-in");

    browser.awaitText(
        "#sign-in-error",
        "The server refused the token: Invalid token: the signature does not verify with the public"
            + " key.");
    browser.screenshot("sign-in-refused");
  }

  /** Three succeeded, one failed and one held running. */
  private void listOfFive() {
    for (String name : new String[] {"archive-batch-1", "archive-batch-2", "archive-batch-3"}) {
      WorkflowId id = server.start(name, "archive", "dash.quick");
      server.await(id, view -> view.status().equals(WorkflowStatus.SUCCESS));
    }
    WorkflowId failed = server.start("validate-batch", "validate", "dash.fail");
    server.await(failed, view -> view.status().equals(WorkflowStatus.FAILURE));
    transfer();
  }

  /**
   * inspect, which waits for {@link DashboardServer#go}, a transfer that holds before its end until
   * the gate opens, and a report; running its first step.
   */
  private WorkflowId transfer() {
    WorkflowId id =
        server.start(
            "nightly-transfer",
            "inspect",
            "dash.wait",
            "transfer",
            "dash.transfer",
            "report",
            "dash.quick");
    server.await(id, view -> view.status().equals(WorkflowStatus.STARTED));
    return id;
  }

  private void signIn() {
    browser.open(server.url());
    browser.type("#token", DashboardServer.token());
    browser.click("#sign-in");
    browser.shown("#rows");
    browser.awaitText("#subject", "operator@example.org");
  }

  /** The bar's percent once it is above {@code floor}, else null. */
  private static Integer percent(String bar, int floor) {
    String value = browser.attribute(bar, "aria-valuenow");
    return value != null && Integer.parseInt(value) > floor ? Integer.parseInt(value) : null;
  }
}
