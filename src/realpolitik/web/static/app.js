// The dashboard: every number it shows comes from the public API, and every piece of store
// text is put into the page as text (textContent), never as markup.
"use strict";

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, value);
  }
  const answer = await fetch(url);
  const body = await answer.json();
  if (!answer.ok) throw new Error(body.error ? body.error.message : answer.statusText);
  return body;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (key === "class") node.className = value;
    else if (key === "href") node.setAttribute("href", value);
    else node.dataset[key] = value;
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  }
  return node;
}

function showError(err) {
  const box = document.getElementById("error");
  box.textContent = String(err.message || err);
  box.hidden = false;
}

// the sentence with the source, target and trigger spans marked
function marked(sentence, highlights) {
  const text = sentence || "";
  const spans = (highlights || []).slice().sort((a, b) => a.start - b.start);
  const out = el("span", {});
  let at = 0;
  for (const h of spans) {
    if (h.start < at) continue;
    out.append(document.createTextNode(text.slice(at, h.start)));
    out.append(el("mark", { class: h.role }, text.slice(h.start, h.end)));
    at = h.end;
  }
  out.append(document.createTextNode(text.slice(at)));
  return out;
}

function tags(e) {
  const out = el("span", {});
  out.append(el("span", { class: "tag " + (e.modality || "asserted") }, e.modality || "asserted"));
  if (e.attribution_speaker) {
    out.append(el("span", { class: "tag attributed" }, "says " + e.attribution_speaker));
  }
  return out;
}

function eventRows(table, events) {
  table.replaceChildren(
    el("tr", {}, el("th", {}, "date"), el("th", {}, "source"), el("th", {}, "code"),
       el("th", {}, "target"), el("th", {}, "sentence"), el("th", {}, "status")));
  for (const e of events) {
    const link = el("a", { href: "/event/" + encodeURIComponent(e.event_id) }, e.date || "?");
    table.append(el("tr", { eventId: e.event_id },
      el("td", {}, link), el("td", {}, e.source || "–"),
      el("td", {}, (e.code || "") + " " + (e.event_name || "")),
      el("td", {}, e.target || "–"), el("td", { class: "sentence" }, marked(e.sentence, e.highlights)),
      el("td", {}, tags(e))));
  }
  if (!events.length) table.append(el("tr", {}, el("td", {}, "no events")));
}

// the store's size and latest events, read again every few seconds (30 unless the address
// says ?refresh=N) while the page is shown, so that documents ingested meanwhile appear
async function freshen() {
  const summary = await api("/api/summary");
  const box = document.getElementById("summary");
  box.replaceChildren();
  for (const [label, value] of [["documents", summary.documents], ["events", summary.events],
      ["clusters", summary.clusters], ["first date", summary.first], ["last date", summary.last],
      ["datasets", Object.keys(summary.datasets).join(", ")]]) {
    box.append(el("dt", {}, label), el("dd", {}, String(value ?? "–")));
  }
  const latest = await api("/api/events", { order: "desc", limit: 20, marks: true });
  eventRows(document.getElementById("latest"), latest.events);
}

async function overview() {
  await freshen();
  const every = 1000 * Number(document.body.dataset.refresh || 30);
  window.setInterval(() => { if (!document.hidden) freshen().catch(showError); }, every);
  const shifts = (await api("/api/shifts", { top: 10, min_confidence: 0.9 })).shifts;
  const table = document.getElementById("shifts");
  table.append(el("tr", {}, el("th", {}, "dyad"), el("th", {}, "from"), el("th", {}, "direction"),
                  el("th", {}, "change"), el("th", {}, "confidence")));
  for (const s of shifts) {
    const href = "/dyad?a=" + encodeURIComponent(s.source) + "&b=" + encodeURIComponent(s.target);
    table.append(el("tr", {}, el("td", {}, el("a", { href }, s.source + " ↔ " + s.target)),
      el("td", {}, s.period), el("td", {}, s.direction), el("td", { class: "num" }, s.change.toFixed(2)),
      el("td", { class: "num" }, s.confidence.toFixed(3))));
  }
  if (!shifts.length) table.append(el("tr", {}, el("td", {}, "no shift found")));
}

function periodEnd(start, freq) {
  const d = new Date(start + "T00:00:00Z");
  if (freq === "week") d.setUTCDate(d.getUTCDate() + 6);
  else {
    d.setUTCMonth(d.getUTCMonth() + ({ month: 1, quarter: 3, year: 12 }[freq]));
    d.setUTCDate(d.getUTCDate() - 1);
  }
  return d.toISOString().slice(0, 10);
}

async function periodEvents(a, b, start, freq) {
  const until = periodEnd(start, freq);
  const [one, other] = await Promise.all([
    api("/api/events", { dyad: a + "," + b, since: start, until, marks: true, limit: 200 }),
    api("/api/events", { dyad: b + "," + a, since: start, until, marks: true, limit: 200 }),
  ]);
  const events = one.events.concat(other.events).sort((x, y) => (x.date || "").localeCompare(y.date || ""));
  document.getElementById("period-title").textContent =
    "Events of " + a + " ↔ " + b + ", " + start + " to " + until;
  eventRows(document.getElementById("period-events"), events);
}

async function dyad() {
  const form = document.getElementById("dyad-form");
  const a = form.a.value.trim().toUpperCase();
  const b = form.b.value.trim().toUpperCase();
  const freq = form.freq.value;
  if (!a || !b) return;
  const [series, shifts] = await Promise.all([
    api("/api/dyads/" + encodeURIComponent(a) + "/" + encodeURIComponent(b) + "/series",
        { freq, undirected: true }),
    api("/api/dyads/" + encodeURIComponent(a) + "/" + encodeURIComponent(b) + "/shifts", { freq }),
  ]);
  const periods = series.series.map((r) => r.period);
  const traces = [
    { x: periods, y: series.series.map((r) => r.goldstein_mean), name: "mean Goldstein",
      mode: "lines+markers", type: "scatter", connectgaps: false },
    { x: periods, y: series.series.map((r) => r.events), name: "events", type: "bar",
      yaxis: "y2", opacity: 0.35 },
  ];
  const shapes = shifts.shifts.map((s) => ({
    type: "line", x0: s.period, x1: s.period, yref: "paper", y0: 0, y1: 1,
    line: { color: s.change > 0 ? "#1a9850" : "#d73027", dash: "dash" } }));
  const chart = document.getElementById("chart");
  await Plotly.newPlot(chart, traces, {
    title: { text: a + " ↔ " + b + " per " + freq },
    yaxis: { title: { text: "mean Goldstein" }, range: [-10.5, 10.5] },
    yaxis2: { title: { text: "events" }, overlaying: "y", side: "right", showgrid: false },
    shapes, legend: { orientation: "h" }, margin: { t: 50 },
  }, { displaylogo: false, responsive: true });
  chart.dataset.ready = "yes";
  chart.on("plotly_click", (event) => {
    const point = event.points && event.points[0];
    if (point) periodEvents(a, b, point.x.slice(0, 10), freq).catch(showError);
  });
}

async function eventPage() {
  const box = document.getElementById("event");
  const detail = await api("/api/events/" + encodeURIComponent(box.dataset.eventId));
  const e = detail.event;
  box.append(el("p", { class: "sentence" }, marked(e.sentence, detail.highlights)));
  const facts = el("dl", { class: "summary" });
  const doc = detail.document || {};
  for (const [label, value] of [
    ["date", (e.date || "?") + " (" + (e.date_precision || "?") + ", from the " + (e.date_source || "?") + ")"],
    ["source", (e.source || "–") + " " + (e.source_name ? "(" + e.source_name + ")" : "")],
    ["target", (e.target || "–") + " " + (e.target_name ? "(" + e.target_name + ")" : "")],
    ["CAMEO", (e.code || "–") + " " + (e.event_name || "") + ", Goldstein " + (e.goldstein ?? "–") + ", QuadClass " + (e.quad_class ?? "–")],
    ["PLOVER", (e.plover_type || "–") + (e.plover_mode ? " / " + e.plover_mode : "")],
    ["modality", e.modality || "asserted"],
    ["attribution", e.attribution_speaker ? e.attribution_speaker + " (" + (e.attribution_cue || "") + ")" : "none"],
    ["place", e.location_name || "–"],
    ["document", (doc.title || doc.original_id || e.doc_id || "–") + (doc.publisher ? ", " + doc.publisher : "")],
    ["provenance", "sentence " + e.sentence_index + ", characters " + e.char_start + "–" + e.char_end + ", rules " + String(e.rules || "").split(";").join(" ")],
    ["dataset", e.dataset + (e.coder_version ? ", coder " + e.coder_version : "")],
    ["cluster", detail.cluster ? detail.cluster.mentions + " mention(s) in " + detail.cluster.articles + " article(s)" : "–"],
  ]) {
    facts.append(el("dt", {}, label), el("dd", {}, value));
  }
  box.append(facts);
  const mentions = el("table", {});
  mentions.append(el("tr", {}, el("th", {}, "date"), el("th", {}, "publisher"), el("th", {}, "sentence")));
  for (const m of detail.mentions || []) {
    mentions.append(el("tr", {}, el("td", {}, m.date || "?"), el("td", {}, m.publisher || m.title || "–"),
                       el("td", {}, m.sentence || "")));
  }
  box.append(el("h2", {}, "Mentions"), mentions);
}

// the query string's values of a page's form, filled back into the form
function fromAddress(form, names) {
  const given = new URLSearchParams(window.location.search);
  const values = {};
  for (const name of names) {
    const value = given.get(name);
    if (value === null || value === "") continue;
    values[name] = value;
    const field = form.elements[name];
    if (!field) continue;
    if (field.type === "checkbox") field.checked = value === "true";
    else field.value = value;
  }
  return values;
}

const FILTERS = ["actor", "dyad", "code", "quad", "since", "until", "modality", "dataset", "text",
                 "doc_id", "clusters", "order"];

async function search() {
  const filters = fromAddress(document.getElementById("search-form"), FILTERS);
  const query = new URLSearchParams(filters).toString();
  document.getElementById("csv").href = "/api/events.csv" + (query ? "?" + query : "");
  document.getElementById("jsonl").href = "/api/events.jsonl" + (query ? "?" + query : "");
  const table = document.getElementById("results");
  const more = document.getElementById("more");
  const shown = [];
  let cursor = null;
  async function next() {
    const page = await api("/api/events", { ...filters, limit: 50, marks: true, cursor });
    shown.push(...page.events);
    cursor = page.next;
    eventRows(table, shown);
    more.hidden = !cursor;
    document.getElementById("found").textContent =
      shown.length + " event" + (shown.length === 1 ? "" : "s") + (cursor ? " shown, more below." : ".");
  }
  more.addEventListener("click", () => next().catch(showError));
  await next();
}

const TONES = { cooperation: "#1a9850", conflict: "#d73027", mixed: "#999999", none: "#cccccc" };

function fixed(value, digits) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(digits);
}

async function networkPage() {
  const form = document.getElementById("network-form");
  const chosen = fromAddress(form, ["since", "until", "actor", "level", "min_events", "top"]);
  const net = await api("/api/network", { top: 40, ...chosen, layout: true });
  const at = Object.fromEntries(net.nodes.map((n) => [n.actor, n]));
  const traces = [];
  for (const [tone, colour] of Object.entries(TONES)) {
    const x = [], y = [];
    for (const e of net.edges.filter((e) => e.tone === tone)) {
      x.push(at[e.source].x, at[e.target].x, null);
      y.push(at[e.source].y, at[e.target].y, null);
    }
    if (x.length) traces.push({ x, y, mode: "lines", type: "scatter", name: tone,
                                line: { color: colour, width: 1.5 }, hoverinfo: "skip" });
  }
  // a point on each edge, nearer its source, to hover and click
  traces.push({
    x: net.edges.map((e) => 0.6 * at[e.source].x + 0.4 * at[e.target].x),
    y: net.edges.map((e) => 0.6 * at[e.source].y + 0.4 * at[e.target].y),
    customdata: net.edges.map((e) => [e.source, e.target]),
    text: net.edges.map((e) => e.source + " → " + e.target + ": " + e.events + " events, "
      + e.cooperation + " cooperative, " + e.conflict + " hostile, mean Goldstein "
      + fixed(e.goldstein_mean, 2)),
    mode: "markers", type: "scatter", hoverinfo: "text", showlegend: false,
    marker: { size: 7, color: net.edges.map((e) => TONES[e.tone] || TONES.none) },
  });
  const most = Math.max(...net.nodes.map((n) => n.pagerank), 1e-9);
  traces.push({
    x: net.nodes.map((n) => n.x), y: net.nodes.map((n) => n.y),
    text: net.nodes.map((n) => n.actor), textposition: "top center", mode: "markers+text",
    type: "scatter", name: "actors", hoverinfo: "text",
    hovertext: net.nodes.map((n) => n.actor + ": " + n.events + " events, " + n.partners
      + " partners, PageRank " + fixed(n.pagerank, 3) + ", betweenness " + fixed(n.betweenness, 3)),
    marker: { size: net.nodes.map((n) => 10 + 40 * Math.sqrt(n.pagerank / most)),
              color: net.nodes.map((n) => n.community), colorscale: "Viridis",
              line: { color: "#333", width: 1 } },
  });
  const chart = document.getElementById("network-chart");
  const blank = { showgrid: false, zeroline: false, showticklabels: false };
  await Plotly.newPlot(chart, traces, {
    title: { text: "Actors " + (chosen.since || "from the start") + " to " + (chosen.until || "the end") },
    xaxis: blank, yaxis: blank, hovermode: "closest", legend: { orientation: "h" },
    margin: { t: 50, l: 10, r: 10 },
  }, { displaylogo: false, responsive: true });
  chart.dataset.ready = "yes";
  chart.on("plotly_click", (event) => {
    const point = event.points && event.points[0];
    if (point && point.customdata) {
      window.location.href = "/dyad?a=" + encodeURIComponent(point.customdata[0])
        + "&b=" + encodeURIComponent(point.customdata[1]);
    }
  });
  const nodes = document.getElementById("nodes");
  nodes.append(el("tr", {}, ...["actor", "events", "partners", "PageRank", "betweenness",
                                "community"].map((h) => el("th", {}, h))));
  for (const n of net.nodes.slice().sort((a, b) => b.pagerank - a.pagerank)) {
    nodes.append(el("tr", {}, el("td", {}, n.actor), el("td", { class: "num" }, String(n.events)),
      el("td", { class: "num" }, String(n.partners)), el("td", { class: "num" }, fixed(n.pagerank, 3)),
      el("td", { class: "num" }, fixed(n.betweenness, 3)), el("td", { class: "num" }, String(n.community))));
  }
  if (!net.nodes.length) nodes.append(el("tr", {}, el("td", {}, "no events in this period")));
  const edges = document.getElementById("edges");
  edges.append(el("tr", {}, ...["dyad", "events", "cooperative", "hostile", "mean Goldstein",
                                "tone"].map((h) => el("th", {}, h))));
  for (const e of net.edges.slice().sort((a, b) => b.events - a.events)) {
    const href = "/dyad?a=" + encodeURIComponent(e.source) + "&b=" + encodeURIComponent(e.target);
    edges.append(el("tr", {}, el("td", {}, el("a", { href }, e.source + " → " + e.target)),
      el("td", { class: "num" }, String(e.events)), el("td", { class: "num" }, String(e.cooperation)),
      el("td", { class: "num" }, String(e.conflict)), el("td", { class: "num" }, fixed(e.goldstein_mean, 2)),
      el("td", {}, e.tone)));
  }
}

function dollars(value) {
  if (value === null || value === undefined) return "–";
  const size = Math.abs(value);
  if (size >= 1e9) return "$" + (value / 1e9).toFixed(2) + "bn";
  if (size >= 1e6) return "$" + (value / 1e6).toFixed(1) + "m";
  return "$" + Math.round(value).toLocaleString("en");
}

function percent(value) {
  return value === null || value === undefined ? "–" : (100 * value).toFixed(1) + " %";
}

async function reexports() {
  const form = document.getElementById("reexport-form");
  const country = form.country.value.trim().toUpperCase();
  const table = document.getElementById("signals");
  table.dataset.ready = "";
  const found = await api("/api/trade/" + encodeURIComponent(country) + "/reexport", {
    from: form.elements["from"].value.trim(), to: form.to.value.trim(),
    since: form.since.value.trim(), products: form.products.value.trim() });
  table.replaceChildren(el("tr", {}, ...["HS", "product", "flagged", "imports ×", "exports ×",
    "exports a year after", "unexplained", "why"].map((h) => el("th", {}, h))));
  const shown = found.signals.filter((s) => s.imports_jump !== null || s.exports_jump !== null);
  for (const s of shown) {
    table.append(el("tr", { class: s.flagged ? "flagged" : "" }, el("td", {}, s.hs),
      el("td", {}, s.name), el("td", {}, s.flagged ? "yes" : "no"),
      el("td", { class: "num" }, fixed(s.imports_jump, 1)), el("td", { class: "num" }, fixed(s.exports_jump, 1)),
      el("td", { class: "num" }, dollars(s.exports_after)), el("td", { class: "num" }, percent(s.unexplained)),
      el("td", {}, s.reason)));
  }
  if (!shown.length) table.append(el("tr", {}, el("td", {}, "no flows of these products stored")));
  table.dataset.ready = "yes";
}

async function tradePage() {
  const form = document.getElementById("trade-form");
  const a = form.a.value.trim().toUpperCase();
  const b = form.b.value.trim().toUpperCase();
  const pair = encodeURIComponent(a) + "/" + encodeURIComponent(b);
  const [trade, relations] = await Promise.all([
    api("/api/trade/" + pair + "/series", { freq: "year" }),
    api("/api/dyads/" + pair + "/series", { freq: "year", undirected: true }),
  ]);
  const year = (period) => String(period).slice(0, 4);
  const chart = document.getElementById("trade-chart");
  await Plotly.newPlot(chart, [
    { x: trade.series.map((r) => year(r.period)), y: trade.series.map((r) => r.turnover),
      name: "trade turnover (US$)", type: "bar", yaxis: "y2", opacity: 0.45 },
    { x: relations.series.map((r) => year(r.period)), y: relations.series.map((r) => r.goldstein_mean),
      name: "relations: mean Goldstein", mode: "lines+markers", type: "scatter" },
  ], {
    title: { text: a + " ↔ " + b + ": relations and trade per year" },
    xaxis: { type: "category", categoryorder: "category ascending" },
    yaxis: { title: { text: "mean Goldstein" }, range: [-10.5, 10.5] },
    yaxis2: { title: { text: "turnover (US$)" }, overlaying: "y", side: "right", showgrid: false },
    legend: { orientation: "h" }, margin: { t: 50 },
  }, { displaylogo: false, responsive: true });
  chart.dataset.ready = "yes";
  const table = document.getElementById("trade-table");
  table.replaceChildren(el("tr", {}, ...["year", a + " exports", a + " imports", "turnover",
    "growth", "share of " + a + "'s trade", "share of " + b + "'s trade"].map((h) => el("th", {}, h))));
  for (const r of trade.series) {
    table.append(el("tr", {}, el("td", {}, year(r.period)),
      el("td", { class: "num" }, dollars(r.a_exports ?? r.b_imports_mirror)),
      el("td", { class: "num" }, dollars(r.a_imports ?? r.b_exports_mirror)),
      el("td", { class: "num" }, dollars(r.turnover)), el("td", { class: "num" }, percent(r.turnover_growth)),
      el("td", { class: "num" }, percent(r.a_share)), el("td", { class: "num" }, percent(r.b_share))));
  }
  if (!trade.series.length) table.append(el("tr", {}, el("td", {}, "no trade flows stored for " + a + "–" + b)));
  await reexports();
}

// the text with every event's source, target and trigger marked, and each trigger numbered
function markedText(text, events) {
  const spans = [];
  events.forEach((e, n) => {
    for (const [role, start, end] of [["source", e.source_start, e.source_end],
        ["target", e.target_start, e.target_end], ["trigger", e.char_start, e.char_end]]) {
      if (start === null || end === null || start === undefined || !(start < end) || end > text.length) continue;
      spans.push({ role, start, end, n, modality: e.modality || "asserted" });
    }
  });
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort((x, y) => x - y);
  const out = el("div", {});
  for (let i = 0; i < cuts.length - 1; i++) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    const ending = spans.filter((s) => s.role === "trigger" && s.end === from).map((s) => s.n + 1);
    if (ending.length) out.append(el("sup", { class: "event-number" }, ending.join(",")));
    const over = spans.filter((s) => s.start <= from && to <= s.end);
    const piece = text.slice(from, to);
    if (!over.length) { out.append(document.createTextNode(piece)); continue; }
    const trigger = over.find((s) => s.role === "trigger");
    const roles = [...new Set(over.map((s) => s.role))];
    const classes = trigger ? ["trigger", trigger.modality] : roles;
    out.append(el("mark", { class: classes.join(" ") }, piece));
  }
  const last = spans.filter((s) => s.role === "trigger" && s.end === text.length).map((s) => s.n + 1);
  if (last.length) out.append(el("sup", { class: "event-number" }, last.join(",")));
  return out;
}

async function post(path, body, token) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = "Bearer " + token;
  const answer = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
  const found = await answer.json();
  if (!answer.ok) throw new Error(found.error ? found.error.message : answer.statusText);
  return found;
}

async function codeText(form, save) {
  const status = document.getElementById("code-status");
  status.textContent = "Coding…";
  document.body.dataset.coded = "";
  const token = form.token.value.trim();
  if (token) window.sessionStorage.setItem("realpolitik-token", token);
  const found = await post("/api/code", { text: form.text.value, date: form.date.value || null,
    title: form.title.value || null, store: save }, token);
  const events = found.events.slice().sort((x, y) => (x.char_start ?? 0) - (y.char_start ?? 0));
  document.getElementById("coded-text").replaceChildren(markedText(found.text, events));
  const table = document.getElementById("coded-events");
  table.replaceChildren(el("tr", {}, ...["#", "date", "source", "code", "target", "sentence",
                                         "status"].map((h) => el("th", {}, h))));
  events.forEach((e, n) => {
    const number = found.stored ? el("a", { href: "/event/" + encodeURIComponent(e.event_id) }, String(n + 1))
                                : String(n + 1);
    table.append(el("tr", { eventId: e.event_id }, el("td", {}, number), el("td", {}, e.date || "?"),
      el("td", {}, e.source || "–"), el("td", {}, (e.code || "") + " " + (e.event_name || "")),
      el("td", {}, e.target || "–"), el("td", { class: "sentence" }, e.sentence || ""),
      el("td", {}, tags(e))));
  });
  if (!events.length) table.append(el("tr", {}, el("td", {}, "no events found in this text")));
  document.getElementById("coded").hidden = false;
  const count = events.length + " event" + (events.length === 1 ? "" : "s");
  status.textContent = !found.stored ? count + " (not saved)."
    : (found.new ? "Saved as document " : "Already in the store as document ") + found.doc_id
      + ", " + count + ".";
  document.body.dataset.coded = "yes";
}

function codePage() {
  const form = document.getElementById("code-form");
  form.token.value = window.sessionStorage.getItem("realpolitik-token") || "";
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const save = ev.submitter && ev.submitter.value === "save";
    codeText(form, save).catch((err) => { document.getElementById("code-status").textContent = ""; showError(err); });
  });
  return Promise.resolve();
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  const run = { overview, dyad, event: eventPage, search, network: networkPage, trade: tradePage,
                code: codePage }[page];
  if (page === "trade") {
    document.getElementById("trade-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      tradePage().catch(showError);
    });
    document.getElementById("reexport-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      reexports().catch(showError);
    });
  }
  if (page === "dyad") {
    document.getElementById("dyad-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      dyad().catch(showError);
    });
  }
  if (run) run().then(() => { document.body.dataset.ready = "yes"; }).catch(showError);
});
