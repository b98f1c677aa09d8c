// Rhythm's dashboard: plain DOM, no framework. Every value from the API is written with
// textContent or as an attribute, never parsed as HTML.

const TOKEN_KEY = "rhythm.token";
const LIST_PERIOD_MS = 2500;
const PAGE_SIZES = [10, 25, 50];
const STATUS_LABELS = {
  PENDING: "Pending",
  STARTED: "Running",
  RETRY: "Retrying",
  SUCCESS: "Succeeded",
  FAILURE: "Failed",
  REVOKED: "Revoked",
};
const GROUPS = {
  "": ["PENDING", "STARTED", "SUCCESS", "FAILURE", "REVOKED"],
  ACTIVE: ["PENDING", "STARTED"],
  DONE: ["SUCCESS", "FAILURE", "REVOKED"],
  EXCEPTION: ["FAILURE", "REVOKED"],
};
const INFINITE_ETA = 1e99;
const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const main = document.getElementById("main");
let token = sessionStorage.getItem(TOKEN_KEY);
let leaveView = () => {};

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function headers(extra = {}) {
  return { Authorization: `Bearer ${token}`, ...extra };
}

/** The words of an error body: FastAPI's detail (text or list) or rhythm_api's message. */
function reasonOf(body, fallback) {
  if (body && typeof body.detail === "string") return body.detail;
  if (body && Array.isArray(body.detail)) return body.detail.map((d) => d.msg).join("; ");
  if (body && typeof body.message === "string") return body.message;
  return fallback;
}

async function api(path, { method = "GET", body } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      cache: "no-store",
      headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, "The server does not answer.");
  }
  const json = await response.json().catch(() => null);
  if (response.status === 401) {
    signOut(`The server refused the token: ${reasonOf(json, "unauthorized")}.`);
    throw new ApiError(401, reasonOf(json, "Unauthorized"));
  }
  if (!response.ok) {
    throw new ApiError(response.status, reasonOf(json, `${response.status} ${response.statusText}`));
  }
  return json;
}

/**
 * Follows a workflow's server-sent events (GET /workflows/{id}/events). EventSource cannot send an
 * Authorization header, so the stream is read with fetch; it reconnects with backoff until stopped.
 */
async function follow(id, signal, { onView, onDeleted, onLive }) {
  const path = `workflows/${encodeURIComponent(id)}/events?last_task_run=true&prev_task_runs=true`;
  let delay = 500;
  while (!signal.aborted) {
    try {
      const response = await fetch(path, {
        headers: headers({ Accept: "text/event-stream" }),
        cache: "no-store",
        signal,
      });
      const failure = response.ok ? null : await response.json().catch(() => null);
      if (response.status === 401) {
        signOut(`The server refused the token: ${reasonOf(failure, "unauthorized")}.`);
        return;
      }
      if (response.status === 404) {
        onDeleted(reasonOf(failure, "No such workflow."));
        return;
      }
      if (!response.ok) throw new ApiError(response.status, reasonOf(failure, response.statusText));
      for await (const event of serverEvents(response.body)) {
        delay = 500;
        onLive(true);
        if (event.name === "workflow") onView(JSON.parse(event.data));
        if (event.name === "deleted") {
          onDeleted("This workflow was deleted.");
          return;
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    onLive(false);
    await pause(delay, signal);
    delay = Math.min(delay * 2, 8000);
  }
}

/** The events of a text/event-stream body: {name, data}; comments are skipped. */
async function* serverEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) yield { name, data: data.join("\n") };
    }
  }
}

function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// ---------------------------------------------------------------- formatting

function parseTime(text) {
  if (!text) return null;
  const time = Date.parse(text.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isNaN(time) ? null : time;
}

function duration(seconds) {
  if (seconds < 1) return "under a second";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

function ago(text) {
  const time = parseTime(text);
  if (time === null) return "–";
  const seconds = (Date.now() - time) / 1000;
  if (seconds < 5) return "just now";
  if (seconds < 86400 * 7) return `${duration(seconds).replace(/ \d+ (s|min)$/, "")} ago`;
  return new Date(time).toLocaleDateString();
}

function exact(text) {
  const time = parseTime(text);
  return time === null ? "" : new Date(time).toLocaleString();
}

function quantity(value, units) {
  if (value === null || value === undefined) return "?";
  if (units === "bytes") {
    const steps = ["B", "KB", "MB", "GB", "TB"];
    let i = 0;
    while (value >= 1000 && i < steps.length - 1) {
      value /= 1000;
      i++;
    }
    return `${value.toFixed(i === 0 ? 0 : 1)} ${steps[i]}`;
  }
  const number = Number.isInteger(value) ? value : Number(value.toFixed(1));
  return number.toLocaleString();
}

/** The progress object of a running step (sca_rhythm's), or null while there is none. */
function progressOf(step) {
  const result = step.last_task_run && step.last_task_run.result;
  if (step.status !== "STARTED" || !result || typeof result !== "object" || Array.isArray(result)) {
    return null;
  }
  return "fraction_done" in result || "done" in result || "time_remaining_sec" in result
    ? result
    : null;
}

function percentOf(progress) {
  const fraction = progress && progress.fraction_done;
  return typeof fraction === "number" ? Math.max(0, Math.min(100, Math.floor(fraction * 100))) : null;
}

function eta(progress) {
  const left = progress.time_remaining_sec;
  if (typeof left !== "number" || left >= INFINITE_ETA) return "ETA unknown";
  if (left <= 0) return "finishing";
  return `about ${duration(left)} left`;
}

/** The exception of a failed run: "Type: message". */
function exceptionOf(run) {
  const result = run && run.result;
  if (!result || typeof result !== "object" || !result.exc_type) return null;
  const message = Array.isArray(result.exc_message)
    ? result.exc_message.map((part) => (typeof part === "string" ? part : JSON.stringify(part))).join(", ")
    : String(result.exc_message ?? "");
  return message ? `${result.exc_type}: ${message}` : result.exc_type;
}

function runDuration(run) {
  const start = parseTime(run.date_start);
  if (start === null) return null;
  const end = run.status === "STARTED" || run.status === "RETRY" ? Date.now() : parseTime(run.date_done);
  return end === null ? null : duration(Math.max(0, (end - start) / 1000));
}

// ---------------------------------------------------------------- DOM helpers

function clone(id) {
  return document.getElementById(id).content.firstElementChild.cloneNode(true);
}

function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

function setPill(element, status) {
  setText(element, STATUS_LABELS[status] || status);
  element.dataset.status = status;
}

function setMeter(meter, percent) {
  const fill = meter.querySelector(".fill");
  meter.classList.toggle("indeterminate", percent === null);
  fill.style.width = percent === null ? "" : `${percent}%`;
  if (meter.getAttribute("role") === "progressbar") {
    if (percent === null) meter.removeAttribute("aria-valuenow");
    else meter.setAttribute("aria-valuenow", String(percent));
  }
}

function toast(text, kind = "info") {
  const item = document.createElement("div");
  item.className = `toast ${kind}`;
  item.textContent = text;
  document.getElementById("toasts").append(item);
  setTimeout(() => item.classList.add("leaving"), 4200);
  setTimeout(() => item.remove(), 4600);
}

function showBanner(element, text) {
  element.hidden = !text;
  setText(element, text || "");
}

function setLive(view, live, text) {
  for (const badge of view.querySelectorAll(".live")) {
    badge.dataset.live = live;
    setText(badge.querySelector(".live-text"), text);
  }
}

// ---------------------------------------------------------------- sign in

function subjectOf(jwt) {
  try {
    const payload = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload)).sub || "signed in";
  } catch (e) {
    return "signed in";
  }
}

function showAccount() {
  document.getElementById("account").hidden = !token;
  setText(document.getElementById("subject"), token ? subjectOf(token) : "");
}

function signOut(message) {
  token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  showAccount();
  leaveView();
  showSignIn(message);
}

function showSignIn(message) {
  const view = clone("sign-in-view");
  main.replaceChildren(view);
  const error = view.querySelector("#sign-in-error");
  showBanner(error, message);
  const field = view.querySelector("#token");
  field.focus();
  view.querySelector("#sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const candidate = field.value.trim().replace(/^Bearer\s+/i, "");
    if (!candidate) {
      showBanner(error, "Paste a token first.");
      return;
    }
    const button = view.querySelector("#sign-in");
    button.disabled = true;
    token = candidate;
    try {
      await api("workflows/counts_by_status");
      sessionStorage.setItem(TOKEN_KEY, token);
      showAccount();
      route();
    } catch (e) {
      if (e.status !== 401) {
        token = null;
        showBanner(error, e.message);
      }
    } finally {
      button.disabled = false;
    }
  });
}

// ---------------------------------------------------------------- list

function listQuery() {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const status = params.get("status") || "";
  const size = Number(params.get("size"));
  return {
    status: status in GROUPS || STATUS_LABELS[status] ? status : "",
    search: params.get("q") || "",
    page: Math.max(0, Number(params.get("page")) || 0),
    size: PAGE_SIZES.includes(size) ? size : PAGE_SIZES[0],
  };
}

function listHash(query) {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.search) params.set("q", query.search);
  if (query.page) params.set("page", String(query.page));
  if (query.size !== PAGE_SIZES[0]) params.set("size", String(query.size));
  const text = params.toString();
  return text ? `#/?${text}` : "#/";
}

function showList() {
  const view = clone("list-view");
  main.replaceChildren(view);
  const query = listQuery();
  const names = new Set();
  let timer = null;
  let generation = 0;
  let left = false;

  const change = (update) => {
    Object.assign(query, update);
    history.replaceState(null, "", listHash(query));
    refresh();
  };
  for (const button of view.querySelectorAll(".tab")) {
    button.addEventListener("click", () => change({ status: button.dataset.status, page: 0 }));
  }
  for (const button of view.querySelectorAll(".stat")) {
    const status = button.dataset.status;
    button.addEventListener("click", () => change({ status: query.status === status ? "" : status, page: 0 }));
  }
  const search = view.querySelector("#search");
  search.value = query.search;
  let typing = null;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => change({ search: search.value.trim(), page: 0 }), 300);
  });
  view.querySelector("#search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    change({ search: search.value.trim(), page: 0 });
  });
  const size = view.querySelector("#page-size");
  size.value = String(query.size);
  size.addEventListener("change", () => change({ size: Number(size.value), page: 0 }));
  view.querySelector("#previous").addEventListener("click", () => change({ page: Math.max(0, query.page - 1) }));
  view.querySelector("#next").addEventListener("click", () => change({ page: query.page + 1 }));

  async function refresh() {
    clearTimeout(timer);
    const mine = ++generation;
    const params = new URLSearchParams({ skip: String(query.page * query.size), limit: String(query.size) });
    if (query.status) params.set("status", query.status);
    if (query.search) params.set(ID_PATTERN.test(query.search) ? "workflow_id" : "workflow_name", query.search);
    try {
      const [page, counts] = await Promise.all([api(`workflows?${params}`), api("workflows/counts_by_status")]);
      if (left || mine !== generation) return;
      renderCounts(view, query, counts);
      renderRows(view, page.results, names);
      renderPager(view, query, page.metadata);
      showBanner(view.querySelector("#list-error"), "");
      setLive(view, "on", "Live");
    } catch (e) {
      if (left || mine !== generation || e.status === 401) return;
      showBanner(view.querySelector("#list-error"), `Could not load workflows: ${e.message}`);
      setLive(view, "off", "Reconnecting…");
    }
    if (!left && mine === generation) timer = setTimeout(refresh, LIST_PERIOD_MS);
  }
  refresh();
  return () => {
    left = true;
    clearTimeout(timer);
    clearTimeout(typing);
  };
}

function renderCounts(view, query, counts) {
  const total = (group) => GROUPS[group].reduce((sum, status) => sum + (counts[status] || 0), 0);
  for (const stat of view.querySelectorAll(".stat")) {
    setText(stat.querySelector(".stat-count"), String(counts[stat.dataset.status] || 0));
    stat.classList.toggle("selected", stat.dataset.status === query.status);
    stat.setAttribute("aria-pressed", String(stat.dataset.status === query.status));
  }
  for (const tab of view.querySelectorAll(".tab")) {
    setText(tab.querySelector(".tab-count"), String(total(tab.dataset.status)));
    tab.setAttribute("aria-selected", String(tab.dataset.status === query.status));
  }
}

/** Rows are kept per workflow id and updated in place, so a poll does not undo a selection. */
function renderRows(view, workflows, names) {
  const body = view.querySelector("#rows");
  const existing = new Map([...body.children].map((row) => [row.dataset.id, row]));
  const rows = workflows.map((workflow) => {
    names.add(workflow.name);
    const row = existing.get(workflow.id) || newRow(workflow.id);
    fillRow(row, workflow);
    return row;
  });
  const same = rows.length === body.children.length && rows.every((row, i) => body.children[i] === row);
  if (!same) body.replaceChildren(...rows);
  view.querySelector("#empty").hidden = rows.length > 0;
  const list = view.querySelector("#workflow-names");
  if (list.children.length !== names.size) {
    list.replaceChildren(
      ...[...names].sort().map((name) => {
        const option = document.createElement("option");
        option.value = name;
        return option;
      }),
    );
  }
}

function newRow(id) {
  const row = clone("row-template");
  row.dataset.id = id;
  const link = row.querySelector(".name");
  link.href = `#/workflows/${encodeURIComponent(id)}`;
  row.addEventListener("click", (event) => {
    if (!event.target.closest("a") && !window.getSelection().toString()) location.hash = link.getAttribute("href");
  });
  return row;
}

function fillRow(row, workflow) {
  setPill(row.querySelector(".pill"), workflow.status);
  setText(row.querySelector(".name"), workflow.name);
  setText(row.querySelector(".id"), workflow.id);
  const current = workflow.steps[workflow.steps_done];
  const progress = current ? progressOf(current) : null;
  const meter = row.querySelector(".meter");
  setMeter(meter, overallPercent(workflow, progress));
  meter.dataset.status = workflow.status;
  setText(row.querySelector(".steps-text"), `${workflow.steps_done} / ${workflow.total_steps}`);
  const percent = percentOf(progress);
  setText(row.querySelector(".step-name"), current ? current.name : "—");
  setText(
    row.querySelector(".step-detail"),
    !current ? "" : percent !== null ? `${percent}% · ${eta(progress)}` : STATUS_LABELS[current.status] || current.status,
  );
  for (const [cell, time] of [[".created", workflow.created_at], [".updated", workflow.updated_at]]) {
    setText(row.querySelector(cell), ago(time));
    row.querySelector(cell).title = exact(time);
  }
}

/** Steps done plus the running step's fraction, as a percent of all steps. */
function overallPercent(workflow, progress) {
  const fraction = progress && typeof progress.fraction_done === "number" ? progress.fraction_done : 0;
  return Math.floor((100 * (workflow.steps_done + Math.min(1, fraction))) / workflow.total_steps);
}

function renderPager(view, query, metadata) {
  const first = metadata.total === 0 ? 0 : metadata.skip + 1;
  const last = Math.min(metadata.total, metadata.skip + metadata.limit);
  setText(view.querySelector("#range"), `${first}–${last} of ${metadata.total}`);
  view.querySelector("#previous").disabled = query.page === 0;
  view.querySelector("#next").disabled = last >= metadata.total;
}

// ---------------------------------------------------------------- one workflow

function showWorkflow(id) {
  const view = clone("workflow-view");
  main.replaceChildren(view);
  const stop = new AbortController();
  let workflow = null;
  const $ = (selector) => view.querySelector(selector);

  const render = () => workflow && renderWorkflow(view, workflow);
  const clock = setInterval(render, 1000);
  follow(id, stop.signal, {
    onView(next) {
      workflow = next;
      document.title = `${workflow.name} · Rhythm`;
      render();
    },
    onDeleted(message) {
      showBanner($("#workflow-error"), message);
      setLive(view, "off", "Gone");
      for (const button of view.querySelectorAll(".actions button")) button.disabled = true;
      workflow = null;
    },
    onLive(on) {
      setLive(view, on ? "on" : "off", on ? "Live" : "Reconnecting…");
    },
  });

  const act = async (button, request, describe) => {
    button.disabled = true;
    button.classList.add("busy");
    try {
      const [text, kind] = describe(await request());
      toast(text, kind);
    } catch (e) {
      if (e.status !== 401) toast(e.message, "error");
    } finally {
      button.classList.remove("busy");
      render();
    }
  };
  const path = `workflows/${encodeURIComponent(id)}`;
  $("#pause").addEventListener("click", () =>
    act($("#pause"), () => api(`${path}/pause`, { method: "POST" }), (answer) =>
      answer.paused
        ? [`Paused: step ${answer.revoked_step ? answer.revoked_step.name : ""} was stopped.`, "success"]
        : ["Nothing to pause: no step is running.", "warning"],
    ),
  );
  $("#resume").addEventListener("click", () =>
    act($("#resume"), () => api(`${path}/resume`, { method: "POST", body: {} }), (answer) =>
      answer.resumed
        ? [`Resumed: step ${answer.restarted_step ? answer.restarted_step.name : ""} runs again.`, "success"]
        : [`Not resumed: ${answer.reason || "the workflow cannot be resumed now"}.`, "warning"],
    ),
  );
  const dialog = $("#confirm-delete");
  $("#delete").addEventListener("click", () => dialog.showModal());
  $("#cancel-delete").addEventListener("click", () => dialog.close());
  $("#confirm-delete-button").addEventListener("click", async () => {
    dialog.close();
    try {
      const answer = await api(path, { method: "DELETE" });
      toast(answer.deleted_count ? "Workflow deleted." : "The workflow was already gone.", "success");
      location.hash = "#/";
    } catch (e) {
      if (e.status !== 401) toast(e.message, "error");
    }
  });
  return () => {
    stop.abort();
    clearInterval(clock);
    document.title = "Rhythm";
  };
}

function renderWorkflow(view, workflow) {
  const $ = (selector) => view.querySelector(selector);
  setText($("#wf-name"), workflow.name);
  setPill($("#wf-status"), workflow.status);
  $("#wf-paused").hidden = !workflow.paused;
  setText($("#wf-id"), workflow.id);
  setText($("#wf-app"), workflow.app_id || "");
  setText($("#wf-description"), workflow.description || "");
  $("#wf-description").hidden = !workflow.description;
  for (const [selector, time] of [["#wf-created", workflow.created_at], ["#wf-updated", workflow.updated_at]]) {
    setText($(selector), ago(time));
    $(selector).title = exact(time);
  }
  const created = parseTime(workflow.created_at);
  const finished = ["SUCCESS", "FAILURE", "REVOKED"].includes(workflow.status);
  const end = finished ? parseTime(workflow.updated_at) : Date.now();
  setText($("#wf-elapsed"), created === null || end === null ? "–" : duration(Math.max(0, (end - created) / 1000)));

  const running = workflow.status === "PENDING" || workflow.status === "STARTED";
  const busy = (button) => button.classList.contains("busy");
  $("#pause").disabled = busy($("#pause")) || !running || workflow.paused;
  $("#resume").disabled = busy($("#resume")) || running || workflow.status === "SUCCESS" || !!workflow.resume_lock;
  $("#delete").disabled = false;
  const note = $("#lock-note");
  note.hidden = !workflow.resume_lock;
  if (workflow.resume_lock) {
    setText(note, `A resume is under way (since ${exact(workflow.resume_lock)}); Resume is back once its step starts.`);
  }

  const current = workflow.steps[workflow.steps_done];
  const progress = current ? progressOf(current) : null;
  setMeter($("#overall-meter"), overallPercent(workflow, progress));
  $("#overall-meter").dataset.status = workflow.status;
  setText(
    $("#overall-text"),
    workflow.status === "SUCCESS"
      ? `All ${workflow.total_steps} steps done`
      : `${workflow.steps_done} of ${workflow.total_steps} steps done`,
  );

  const list = $("#steps");
  while (list.children.length < workflow.steps.length) list.append(clone("step-template"));
  while (list.children.length > workflow.steps.length) list.lastElementChild.remove();
  workflow.steps.forEach((step, index) => renderStep(list.children[index], step, index, index === workflow.steps_done));
}

function renderStep(item, step, index, isCurrent) {
  const $ = (selector) => item.querySelector(selector);
  item.dataset.status = step.status;
  item.dataset.step = step.name;
  item.classList.toggle("current", isCurrent);
  setText($(".index"), String(index + 1));
  setText($(".step-name"), step.name);
  setText($(".task"), step.task);
  setPill($(".step-head .pill"), step.status);

  const progress = progressOf(step);
  $(".progress").hidden = !progress;
  if (progress) {
    const percent = percentOf(progress);
    setText($(".progress-name"), progress.name || "Progress");
    setText($(".percent"), percent === null ? "" : `${percent}%`);
    setMeter($(".progress .meter"), percent);
    const units = progress.units ? ` ${progress.units === "bytes" ? "" : progress.units}` : "";
    setText(
      $(".amount"),
      typeof progress.total === "number"
        ? `${quantity(progress.done, progress.units)} of ${quantity(progress.total, progress.units)}${units}`
        : typeof progress.done === "number"
          ? `${quantity(progress.done, progress.units)}${units} done`
          : "",
    );
    setText($(".eta"), eta(progress));
    const rate = progress.wt_avg_rate;
    setText($(".rate"), typeof rate === "number" && rate > 0 ? `${quantity(rate, progress.units)}${units}/s` : "");
  }

  const run = step.last_task_run;
  setText($(".run-facts"), run ? runFacts(run) : isCurrent ? "Waiting to start" : "Not started");
  const exception = exceptionOf(run);
  const failed = run && (run.status === "FAILURE" || run.status === "REVOKED");
  $(".error").hidden = !(failed && (exception || run.traceback));
  $(".error").dataset.status = run ? run.status : "";
  setText($(".error .exception"), exception || (run && run.status === "REVOKED" ? "Revoked" : "Failed"));
  $(".error .traceback-box").hidden = !(run && run.traceback);
  setText($(".error .traceback"), (run && run.traceback) || "");

  renderHistory($(".history"), step.prev_task_runs || []);
}

function runFacts(run) {
  const parts = [];
  if (run.date_start) parts.push(`started ${ago(run.date_start)}`);
  const took = runDuration(run);
  if (took) parts.push(run.status === "STARTED" ? `running for ${took}` : `took ${took}`);
  if (run.worker) parts.push(`on ${run.worker}`);
  if (run.retries) parts.push(`${run.retries} ${run.retries === 1 ? "retry" : "retries"}`);
  return parts.join(" · ");
}

/** Earlier runs, rebuilt only when they change so that an opened traceback stays open. */
function renderHistory(box, runs) {
  box.hidden = runs.length === 0;
  const signature = JSON.stringify(runs.map((run) => [run && run._id, run && run.status]));
  if (box.dataset.signature === signature) return;
  box.dataset.signature = signature;
  setText(box.querySelector("summary"), `${runs.length} earlier ${runs.length === 1 ? "run" : "runs"}`);
  const items = runs
    .filter((run) => run)
    .reverse()
    .map((run) => {
      const item = clone("run-template");
      setPill(item.querySelector(".pill"), run.status);
      item.querySelector(".run-id").textContent = run._id;
      item.querySelector(".run-facts").textContent = runFacts(run);
      const exception = exceptionOf(run);
      item.querySelector(".exception").hidden = !exception;
      item.querySelector(".exception").textContent = exception || "";
      item.querySelector(".traceback-box").hidden = !run.traceback;
      item.querySelector(".traceback").textContent = run.traceback || "";
      return item;
    });
  box.querySelector(".runs").replaceChildren(...items);
}

// ---------------------------------------------------------------- routing

function route() {
  leaveView();
  leaveView = () => {};
  if (!token) {
    showSignIn();
    return;
  }
  const match = location.hash.match(/^#\/workflows\/([^/?]+)/);
  leaveView = match ? showWorkflow(decodeURIComponent(match[1])) : showList();
}

document.getElementById("sign-out").addEventListener("click", () => signOut("Signed out."));
window.addEventListener("hashchange", route);
showAccount();
route();
