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

async function overview() {
  const summary = await api("/api/summary");
  const box = document.getElementById("summary");
  for (const [label, value] of [["documents", summary.documents], ["events", summary.events],
      ["clusters", summary.clusters], ["first date", summary.first], ["last date", summary.last],
      ["datasets", Object.keys(summary.datasets).join(", ")]]) {
    box.append(el("dt", {}, label), el("dd", {}, String(value ?? "–")));
  }
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
  const latest = await api("/api/events", { order: "desc", limit: 20, marks: true });
  eventRows(document.getElementById("latest"), latest.events);
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

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  const run = { overview, dyad, event: eventPage }[page];
  if (page === "dyad") {
    document.getElementById("dyad-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      dyad().catch(showError);
    });
  }
  if (run) run().then(() => { document.body.dataset.ready = "yes"; }).catch(showError);
});
