// The operations console: polls the JSON API with the bearer token of the signed-in session
// (GET /session/token, same origin only), kept in sessionStorage for this tab.
// Every value is written with textContent, never as HTML.
"use strict";

const TOKEN_KEY = "t2t-ops-token";
const ROLE_KEY = "t2t-ops-role";
const FEED_ROWS = 200;
const state = { lastSeq: 0, paused: false, plan: null, timers: [], filters: "" };

const $ = (id) => document.getElementById(id);

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text === null || text === undefined ? "—" : String(text);
  if (className) td.className = className;
  return td;
}

function percent(share) {
  return share === null || share === undefined ? "—" : `${Math.round(share * 1000) / 10}%`;
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 360) / 10} h`;
  return `${Math.round(seconds / 8640) / 10} days`;
}

class Unauthorised extends Error {}

async function api(path, options = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { Authorization: `Bearer ${token}`, ...(options.headers || {}) };
  const response = await fetch(path, { ...options, headers });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401 || response.status === 403) {
    throw new Unauthorised(body.detail || "not allowed");
  }
  if (!response.ok) throw new Error(body.detail || `HTTP ${response.status}`);
  return body;
}

function fillSelect(select, values) {
  if (select.dataset.filled) return;
  for (const value of values) {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = value;
    select.appendChild(option);
  }
  select.dataset.filled = "yes";
}

function listTypes(ceTypes) {
  // t2t.referrals.ReferralReceived.v1 -> ReferralReceived, offered as the type filter.
  const names = [...new Set(ceTypes.map((t) => t.split(".")[2]).filter(Boolean))].sort();
  const list = $("event-types");
  if (list.options.length === names.length) return;
  list.replaceChildren(...names.map((name) => {
    const option = document.createElement("option");
    option.value = name;
    return option;
  }));
}

function clock(iso) {
  if (!iso) return "—";
  const when = new Date(iso);
  const sameDay = when.toDateString() === new Date().toDateString();
  return sameDay ? when.toLocaleTimeString() : when.toLocaleString();
}

function showProviders(status) {
  const paused = status.providers.filter((p) => p.status === "paused");
  const lines = paused.map((p) => `${p.provider} (${p.channel || "unknown channel"}): ` +
    `${p.reason || "reason not given"} since ${clock(p.since)}; next probe ${clock(p.retry_at)}`);
  // Rewritten only when it changes: the banner is an alert, read out on every change.
  if ($("providers-paused").dataset.shown !== lines.join("\n")) {
    $("providers-paused").dataset.shown = lines.join("\n");
    $("providers-paused").replaceChildren(...lines.map((line) => {
      const item = document.createElement("li");
      item.textContent = line;
      return item;
    }));
  }
  $("providers-alert").hidden = paused.length === 0;
  fillRows("providers", status.providers, [
    (p) => (p.channel ? `${p.provider} (${p.channel})` : p.provider), "status",
    (p) => clock(p.since), "reason", (p) => (p.status === "paused" ? clock(p.retry_at) : null),
  ]);
  $("providers").querySelectorAll("tbody tr").forEach((tr) => {
    if (tr.cells[1] && tr.cells[1].textContent === "paused") tr.classList.add("alert");
  });
  $("follow-up-missing").textContent = String(status.follow_up.contact_details_missing);
  $("follow-up-unknown").textContent = String(status.follow_up.outcome_unknown);
}

async function refreshStatus() {
  const status = await api("/api/status");
  $("rebuild").value = status.share;
  const text = status.caught_up
    ? `live · ${status.read} events read from ${status.partitions} partitions`
    : `rebuilding read models… ${percent(status.share)} (${status.read} of ${status.target})`;
  $("status-text").textContent = text;
  document.querySelectorAll(".area-select").forEach((s) => fillSelect(s, status.areas));
  listTypes(Object.keys(status.events_by_type));
  fillSelect($("feed-service"), status.services);
  showProviders(status);
}

function feedQuery() {
  const params = new URLSearchParams();
  const service = $("feed-service").value;
  const type = $("feed-type").value.trim();
  const area = $("feed-area").value;
  if (service) params.set("service", service);
  if (type) params.set("type", type);
  if (area) params.set("area", area);
  return params;
}

async function refreshFeed() {
  if (state.paused) return;
  const params = feedQuery();
  const filters = params.toString();
  const body = $("feed").tBodies[0];
  if (filters !== state.filters) {
    state.filters = filters;
    state.lastSeq = 0;
    body.replaceChildren();
  }
  params.set("after", String(state.lastSeq));
  params.set("limit", String(FEED_ROWS));
  const feed = await api(`/api/feed?${params}`);
  for (const item of feed.items) {
    const row = body.insertRow(0);
    row.dataset.type = item.name;
    cell(row, new Date(item.time).toLocaleString("en-GB"));
    cell(row, item.type);
    cell(row, item.area);
    cell(row, item.subject, "mono");
  }
  while (body.rows.length > FEED_ROWS) body.deleteRow(-1);
  state.lastSeq = feed.last_seq;
  $("feed-state").textContent = `${body.rows.length} shown`;
}

async function refreshFunnel() {
  const params = new URLSearchParams();
  if ($("funnel-area").value) params.set("area", $("funnel-area").value);
  if ($("funnel-since").value) params.set("since", $("funnel-since").value);
  const funnel = await api(`/api/funnel?${params}`);
  const table = $("funnel");
  const head = table.tHead;
  head.replaceChildren();
  const headRow = head.insertRow();
  cell(headRow, "Source");
  const stages = funnel.rows[0].stages.map((s) => s.stage);
  stages.forEach((stage) => cell(headRow, stage.replaceAll("_", " ")));
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const row of funnel.rows) {
    const tr = body.insertRow();
    tr.dataset.source = row.source;
    cell(tr, row.source);
    for (const stage of row.stages) {
      const td = cell(tr, stage.count);
      td.dataset.stage = stage.stage;
      if (stage.conversion !== null) {
        const small = document.createElement("small");
        small.textContent = ` ${percent(stage.conversion)}`;
        td.appendChild(small);
      }
    }
  }
  const contact = funnel.first_contact;
  $("first-contact").textContent =
    `Time to first contact: median ${duration(contact.median_seconds)}; ` +
    `${percent(contact.within_target_share)} within target (${contact.within_target} of ${contact.contacted}).`;
}

function fillRows(tableId, rows, columns) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren();
  for (const row of rows) {
    const tr = body.insertRow();
    columns.forEach((column) => cell(tr, typeof column === "function" ? column(row) : row[column]));
  }
  if (!rows.length) cell(body.insertRow(), "nothing yet", "muted");
}

async function refreshPanels() {
  const [capacity, volunteers, notifications, lag] = await Promise.all([
    api("/api/capacity"), api("/api/volunteers"), api("/api/notifications"), api("/api/lag"),
  ]);
  fillRows("capacity", capacity, ["area", "groups_open", "groups_full", "free_places", "waiting"]);
  fillRows("volunteers", Object.entries(volunteers.stages), [(e) => e[0], (e) => e[1]]);
  fillRows("leavers", Object.entries(volunteers.leavers), [(e) => e[0], (e) => e[1]]);
  fillRows("notifications", notifications, ["channel", "sent", "delivered", "failed"]);
  fillRows("lag", lag, [
    "group",
    (g) => (g.partitions.length ? g.messages : "no offsets committed"),
    (g) => duration(g.seconds),
    (g) => (g.rising ? "▲ rising" : "steady"),
  ]);
  $("lag").querySelectorAll("tbody tr").forEach((tr) => {
    if (tr.cells[3] && tr.cells[3].textContent.startsWith("▲")) tr.classList.add("alert");
  });
}

async function chartFigure(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status === 401 || response.status === 403) throw new Unauthorised("not allowed");
  if (!response.ok) return null; // 503 until the report projections are set up
  // Drawn and escaped by the server; parsed as an inert document, so nothing in it runs.
  const parsed = new DOMParser().parseFromString(await response.text(), "text/html");
  return parsed.body.firstElementChild;
}

async function refreshCharts() {
  const to = new Date();
  const from = new Date(to.getTime() - (Number($("charts-weeks").value) * 7 - 1) * 86400000);
  const params = new URLSearchParams({
    from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10),
  });
  if ($("charts-area").value) params.set("area", $("charts-area").value);
  const charts = [
    ["chart-per-week", `/api/charts/referrals-per-week?${params}`],
    ["chart-funnel", `/api/charts/funnel?${params}`],
    ["chart-lag", "/api/charts/lag?minutes=60"],
  ];
  for (const [id, path] of charts) {
    const figure = await chartFigure(path);
    if (figure) $(id).replaceChildren(document.adoptNode(figure));
    else $(id).textContent = "This chart is not available yet.";
  }
}

async function refreshDlq() {
  const dlq = await api("/api/dlq");
  const body = $("dlq").tBodies[0];
  body.replaceChildren();
  for (const group of dlq.groups) {
    const tr = body.insertRow();
    tr.dataset.group = group.group;
    cell(tr, group.consumer);
    cell(tr, group.error, "mono");
    cell(tr, group.count);
    cell(tr, group.original_topics.join(", "));
    cell(tr, new Date(group.last_seen).toLocaleString("en-GB"));
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Dry run";
    button.addEventListener("click", () => dryRun(group.group));
    tr.insertCell().appendChild(button);
  }
  if (!dlq.groups.length) cell(body.insertRow(), "no dead letters", "muted");
}

async function dryRun(group) {
  const result = await api("/api/dlq/redrive", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ group, dry_run: true }),
  });
  state.plan = result.entries.map((e) => e.message_id);
  const list = $("redrive-list");
  list.replaceChildren();
  for (const entry of result.entries) {
    const li = document.createElement("li");
    li.textContent = `${entry.message_id} (${entry.event_id || "no event id"}) → ${entry.target_topic}`;
    list.appendChild(li);
  }
  $("redrive-confirm").textContent = `Redrive ${result.entries.length} message(s)`;
  $("redrive-plan").hidden = false;
  $("redrive-result").textContent = "";
}

async function confirmRedrive() {
  if (!state.plan) return;
  const result = await api("/api/dlq/redrive", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ids: state.plan, dry_run: false }),
  });
  state.plan = null;
  $("redrive-plan").hidden = true;
  $("redrive-result").textContent =
    `Redriven ${result.entries.length} message(s) (redrive ${result.redrive_id}).`;
  await refreshDlq();
}

async function guarded(work) {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof Unauthorised)) {
      $("status-text").textContent = `error: ${error.message}`;
    } else if (!(await signedIn())) {
      // The session's short-lived token ran out and the session with it: sign in again.
      signOut(error.message);
    }
  }
}

function every(ms, work) {
  guarded(work);
  state.timers.push(setInterval(() => guarded(work), ms));
}

function start() {
  $("login").hidden = true;
  $("console").hidden = false;
  $("sign-out").hidden = false;
  every(2000, refreshStatus);
  every(1000, refreshFeed);
  every(3000, refreshFunnel);
  every(3000, refreshPanels);
  every(3000, refreshDlq);
  every(30000, refreshCharts); // weekly figures and a lag history: no need to hurry
}

function signOut(reason) {
  state.timers.forEach(clearInterval);
  state.timers = [];
  sessionStorage.removeItem(TOKEN_KEY);
  $("console").hidden = true;
  $("sign-out").hidden = true;
  $("login").hidden = false;
  $("status-text").textContent = "not signed in";
  $("login-error").textContent = reason || "";
}

async function signedIn() {
  const response = await fetch("/session/token", { cache: "no-store" });
  if (!response.ok) return false;
  const session = await response.json();
  sessionStorage.setItem(TOKEN_KEY, session.token);
  sessionStorage.setItem(ROLE_KEY, session.role);
  return true;
}

document.addEventListener("DOMContentLoaded", async () => {
  $("feed-pause").addEventListener("click", () => {
    state.paused = !state.paused;
    $("feed-pause").textContent = state.paused ? "Resume" : "Pause";
    $("feed-pause").setAttribute("aria-pressed", String(state.paused));
    $("feed-state").textContent = state.paused ? "paused" : "";
  });
  ["charts-area", "charts-weeks"].forEach((id) =>
    $(id).addEventListener("change", () => guarded(refreshCharts)));
  ["funnel-area", "funnel-since"].forEach((id) =>
    $(id).addEventListener("change", () => guarded(refreshFunnel)));
  ["feed-service", "feed-area"].forEach((id) =>
    $(id).addEventListener("change", () => guarded(refreshFeed)));
  $("feed-type").addEventListener("change", () => guarded(refreshFeed));
  $("redrive-confirm").addEventListener("click", () => guarded(confirmRedrive));
  $("redrive-cancel").addEventListener("click", () => {
    state.plan = null;
    $("redrive-plan").hidden = true;
  });
  if (!(await signedIn())) return signOut();
  if (sessionStorage.getItem(ROLE_KEY) === "commissioner") {
    window.location.assign("/reports"); // a commissioner's console is their area reports
    return;
  }
  try {
    await api("/api/status");
    start();
  } catch (error) {
    signOut(error instanceof Unauthorised ? `Not allowed: ${error.message}` : error.message);
  }
});
