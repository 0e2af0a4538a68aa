// newsgraph web UI: a fragment router (#/search?q=…, #/article/ID, #/entity/ID, #/events?…,
// #/stories, #/story/ID) over the JSON API. No build step, no dependencies.
"use strict";

const view = () => document.getElementById("view");

// ---------------------------------------------------------------------------------------
// Helpers

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "" && v !== false) url.searchParams.set(k, v);
  }
  const response = await fetch(url);
  let body = null;
  try { body = await response.json(); } catch (_) { /* not JSON */ }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : response.statusText;
    throw new Error(`${response.status}: ${message}`);
  }
  return body;
}

function hashParams() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const q = hash.indexOf("?");
  const path = q < 0 ? hash : hash.slice(0, q);
  const params = new URLSearchParams(q < 0 ? "" : hash.slice(q + 1));
  return { path, params };
}

function link(hashPath, params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v) p.set(k, v);
  const s = p.toString();
  return "#" + hashPath + (s ? "?" + s : "");
}

function articleLink(a) {
  return `<a class="article-link" href="#/article/${encodeURIComponent(a.id)}">${esc(a.title || a.id.slice(0, 12))}</a>`;
}

function articleMeta(a) {
  return [a.source, a.published].filter(Boolean).map(esc).join(" · ");
}

function showError(error) {
  view().innerHTML = `<p class="error">${esc(error.message || error)}</p>`;
}

function pager(page, onPage) {
  const wrap = document.createElement("div");
  wrap.className = "pager";
  if (page.offset > 0) {
    const prev = document.createElement("button");
    prev.textContent = "← Previous";
    prev.className = "prev";
    prev.onclick = () => onPage(Math.max(0, page.offset - page.limit));
    wrap.appendChild(prev);
  }
  if (page.next_offset != null) {
    const next = document.createElement("button");
    next.textContent = "Next →";
    next.className = "next";
    next.onclick = () => onPage(page.next_offset);
    wrap.appendChild(next);
  }
  return wrap;
}

// Byte offsets (UTF-8, as the API gives spans) to JavaScript string indices (UTF-16 code
// units). map[b] is the index of the character starting at byte b, -1 inside a character.
function byteToIndexMap(text) {
  const total = new TextEncoder().encode(text).length;
  const map = new Int32Array(total + 1).fill(-1);
  let b = 0;
  let i = 0;
  for (const ch of text) {
    map[b] = i;
    const cp = ch.codePointAt(0);
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += ch.length;
  }
  map[b] = i;
  return map;
}

function spanIndices(map, span) {
  if (!span || span.start < 0 || span.end >= map.length || span.end <= span.start) return null;
  const start = map[span.start];
  const end = map[span.end];
  if (start < 0 || end < 0) return null;
  return [start, end];
}

// ---------------------------------------------------------------------------------------
// Views

async function home() {
  view().innerHTML = `<h1>newsgraph</h1><div class="cols"><div id="home-stories"></div><div id="home-side"></div></div>`;
  const [health, stories, entities] = await Promise.all([
    api("/api/health"), api("/api/stories", { limit: 10 }), api("/api/entities", { limit: 15 }),
  ]);
  const c = health.counts;
  document.getElementById("home-stories").innerHTML =
    `<p class="muted">${c.articles} articles · ${c.resolved_entities} entities · ${c.quotes} quotes · ${c.events} events · ${c.stories} stories (${esc(health.backend)})</p>
     <h2>Largest stories</h2>${storyList(stories.items)}`;
  document.getElementById("home-side").innerHTML =
    `<div class="card"><h2>Most mentioned</h2>${entityList(entities.items)}</div>`;
}

function storyList(stories) {
  if (!stories.length) return `<p class="muted">No stories yet.</p>`;
  return `<ul class="plain stories">${stories.map((s) => `<li>
      <a class="story-link" href="#/story/${s.id}">${esc(s.label)}</a>
      <span class="meta">${s.articles} articles · ${esc(s.first || "")} – ${esc(s.last || "")}</span>
      <div>${(s.terms || []).slice(0, 8).map((t) => `<span class="tag">${esc(t)}</span>`).join("")}</div></li>`).join("")}</ul>`;
}

function entityList(entities) {
  if (!entities.length) return `<p class="muted">No entities.</p>`;
  return `<ul class="plain entities">${entities.map((e) => `<li>
      <a class="entity-link" href="#/entity/${e.id}">${esc(e.name)}</a>
      <span class="meta">${esc(e.type)} · ${e.mentions} mentions in ${e.articles} articles</span></li>`).join("")}</ul>`;
}

async function search(params) {
  const q = params.get("q") || "";
  const kind = params.get("kind") || "all";
  const offset = Number(params.get("offset") || 0);
  document.getElementById("q").value = q;
  if (!q.trim()) {
    view().innerHTML = `<p class="muted">Type words to search for.</p>`;
    return;
  }
  const result = await api("/api/search", { q, kind, offset, limit: 20 });
  const kinds = ["all", "articles", "quotes"].map((k) =>
    k === kind ? `<b>${k}</b>` : `<a href="${link("/search", { q, kind: k })}">${k}</a>`).join(" · ");
  view().innerHTML = `<h1>Search: ${esc(q)}</h1><p class="muted">${kinds}</p>
    ${result.items.length ? "" : `<p class="muted" id="no-results">Nothing found.</p>`}
    <ul class="plain" id="results">${result.items.map((h) => `<li class="hit">
      ${articleLink(h.article)} <span class="meta">${h.kind === "quote" ? "quote" + (h.speaker ? " by " + esc(h.speaker) : "") + " · " : ""}${articleMeta(h.article)}</span>
      <div class="snippet">${esc(h.snippet).replace(/\[/g, "<mark>").replace(/\]/g, "</mark>")}</div></li>`).join("")}</ul>`;
  view().appendChild(pager(result, (o) => { location.hash = link("/search", { q, kind, offset: o }); }));
}

// The article view: the text with every span highlighted; a click shows the item.
async function article(id) {
  const data = await api(`/api/articles/${encodeURIComponent(id)}`);
  const doc = data.document;
  const text = doc.article.text;
  const map = byteToIndexMap(text);
  const items = [];
  const add = (kind, index, span, label, extra) => {
    const range = spanIndices(map, span);
    if (range) items.push({ kind, index, start: range[0], end: range[1], label, ...extra });
  };
  (doc.mentions || []).forEach((m, i) => add("entity", i, m.span, m.text, { mention: m }));
  (doc.quotes || []).forEach((q, i) => add("quote", i, q.content, q.content_text, { quote: q, row: (data.quotes || []).find((r) => r.index === i) }));
  (doc.events || []).forEach((e, i) => add("event", i, e.trigger, e.type, { event: e }));
  (doc.places || []).forEach((p, i) => add("place", i, p.span, p.text, { place: p }));
  (doc.times || []).forEach((t, i) => add("time", i, t.span, t.text, { time: t }));
  items.forEach((item, n) => { item.id = n; });

  const a = data.article;
  view().innerHTML = `
    <h1 id="article-title">${esc(a.title || "(untitled)")}</h1>
    <p class="meta">${articleMeta(a)}${a.url ? ` · <a href="${esc(a.url)}" rel="noopener noreferrer">source</a>` : ""}
      ${a.story != null ? ` · <a class="story-link" href="#/story/${a.story}">story</a>` : ""}</p>
    <p class="legend"><span class="k-entity">entity</span><span class="k-quote">quote</span><span class="k-event">event</span><span class="k-place">place</span><span class="k-time">time</span></p>
    <div class="cols">
      <div><div class="card"><div id="article-text"></div></div></div>
      <div>
        <div class="card" id="detail"><p class="muted">Click a highlight to see what was found there.</p></div>
        <div class="card" id="lists"></div>
      </div>
    </div>`;
  renderHighlights(document.getElementById("article-text"), text, items);
  renderLists(doc, items);
  document.getElementById("article-text").addEventListener("click", (event) => {
    const el = event.target.closest(".hl");
    if (!el) return;
    const covering = el.dataset.items.split(",").map(Number).map((n) => items[n]);
    covering.sort((x, y) => (x.end - x.start) - (y.end - y.start));
    selectItem(covering[0], doc, items, covering);
  });
}

function renderHighlights(container, text, items) {
  const bounds = new Set([0, text.length]);
  for (const it of items) { bounds.add(it.start); bounds.add(it.end); }
  const points = [...bounds].sort((x, y) => x - y);
  const fragment = document.createDocumentFragment();
  for (let p = 0; p + 1 < points.length; p++) {
    const start = points[p];
    const end = points[p + 1];
    const piece = text.slice(start, end);
    const covering = items.filter((it) => it.start <= start && end <= it.end);
    if (!covering.length) {
      fragment.appendChild(document.createTextNode(piece));
      continue;
    }
    const span = document.createElement("span");
    span.className = "hl " + [...new Set(covering.map((it) => "k-" + it.kind))].join(" ");
    span.dataset.items = covering.map((it) => it.id).join(",");
    span.title = covering.map((it) => `${it.kind}: ${it.label}`).join("\n");
    span.textContent = piece;
    fragment.appendChild(span);
  }
  container.appendChild(fragment);
}

function renderLists(doc, items) {
  const lists = document.getElementById("lists");
  const section = (title, kind, label) => {
    const own = items.filter((it) => it.kind === kind);
    if (!own.length) return "";
    return `<h2>${title} <span class="meta">${own.length}</span></h2><ul class="plain item-list" data-kind="${kind}">${own
      .map((it) => `<li data-item="${it.id}">${label(it)}</li>`).join("")}</ul>`;
  };
  const entityName = (it) => {
    const e = it.mention.entity != null ? doc.entities[it.mention.entity] : null;
    return `${esc(it.mention.text)} <span class="meta">${esc(it.mention.type)}${e && e.name !== it.mention.text ? " → " + esc(e.name) : ""}</span>`;
  };
  lists.innerHTML =
    section("Entities", "entity", entityName) +
    section("Quotes", "quote", (it) => `“${esc(it.label.slice(0, 90))}${it.label.length > 90 ? "…" : ""}” <span class="meta">${esc(it.row && it.row.speaker || "")}</span>`) +
    section("Events", "event", (it) => `${esc(it.event.type)} <span class="meta">${esc(actorText(it.event.source))} → ${esc(actorText(it.event.target))}</span>`) +
    section("Places", "place", (it) => `${esc(it.label)} <span class="meta">${esc(it.place.country_alpha3 || "")}</span>`) +
    section("Times", "time", (it) => `${esc(it.label)} <span class="meta">${esc(it.time.value || "")}</span>`);
  if (!lists.innerHTML) lists.innerHTML = `<p class="muted">Nothing was found in this article.</p>`;
  lists.addEventListener("click", (event) => {
    const li = event.target.closest("li[data-item]");
    if (li) selectItem(items[Number(li.dataset.item)], doc, items, [items[Number(li.dataset.item)]], true);
  });
}

function actorText(actor) {
  return actor ? actor.text + (actor.country ? ` (${actor.country})` : "") : "—";
}

function selectItem(item, doc, items, covering, scroll) {
  document.querySelectorAll(".hl.selected").forEach((el) => el.classList.remove("selected"));
  const els = [...document.querySelectorAll(".hl")].filter((el) => el.dataset.items.split(",").map(Number).includes(item.id));
  els.forEach((el) => el.classList.add("selected"));
  if (scroll && els[0]) els[0].scrollIntoView({ block: "center", behavior: "smooth" });
  const detail = document.getElementById("detail");
  const rows = (pairs) => `<dl>${pairs.filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl>`;
  let html = `<h2 id="detail-kind">${esc(item.kind)}</h2><p id="detail-text"><b>${esc(item.label)}</b></p>`;
  if (item.kind === "entity") {
    const m = item.mention;
    const e = m.entity != null ? doc.entities[m.entity] : null;
    html += rows([["type", esc(m.type)], ["entity", e ? esc(e.name) : null],
      ["aliases", e && (e.aliases || []).length ? e.aliases.map(esc).join(", ") : null],
      ["mentions here", e ? e.mentions.length : null], ["confidence", m.confidence.toFixed(2)]]);
    html += `<p id="entity-page"><span class="muted">Finding the entity across articles…</span></p>`;
  } else if (item.kind === "quote") {
    const q = item.quote;
    const row = item.row || {};
    const speaker = row.speaker_entity != null
      ? `<a class="entity-link" href="#/entity/${row.speaker_entity}">${esc(row.speaker || "speaker")}</a>`
      : esc(row.speaker || "");
    html += rows([["kind", esc(q.kind)], ["speaker", speaker || null], ["source", esc(row.source || "")],
      ["cue", esc(row.cue || "")], ["resolution", esc(q.speaker_resolution)], ["confidence", q.confidence.toFixed(2)]]);
  } else if (item.kind === "event") {
    const e = item.event;
    const place = e.place != null ? doc.places[e.place] : null;
    const time = e.time != null ? doc.times[e.time] : null;
    html += rows([["type", esc(e.type)], ["CAMEO", esc(e.cameo || "")], ["mode", esc(e.mode)],
      ["source", esc(actorText(e.source))], ["target", esc(actorText(e.target))],
      ["place", place ? esc(place.name || place.text) : null], ["time", time ? esc(time.value || time.text) : null],
      ["quad class", esc(e.quad_class)], ["intensity", e.intensity], ["confidence", e.confidence.toFixed(2)]]);
    html += `<p><a href="${link("/events", { actor: e.source ? e.source.text : "", type: e.type })}">Similar events</a></p>`;
  } else if (item.kind === "place") {
    const p = item.place;
    html += rows([["name", esc(p.name || "")], ["role", esc(p.role)], ["country", esc(p.country_alpha3 || "")],
      ["coordinates", p.lat != null ? `${p.lat.toFixed(2)}, ${p.lon.toFixed(2)}` : null]]);
  } else if (item.kind === "time") {
    const t = item.time;
    html += rows([["type", esc(t.type)], ["value", esc(t.value || "")]]);
  }
  if (covering && covering.length > 1) {
    html += `<p class="meta">Also here: ${covering.filter((c) => c !== item).map((c) => esc(c.kind + ": " + c.label.slice(0, 40))).join("; ")}</p>`;
  }
  detail.innerHTML = html;
  if (item.kind === "entity") resolveEntityLink(item, doc);
}

async function resolveEntityLink(item, doc) {
  const m = item.mention;
  const e = m.entity != null ? doc.entities[m.entity] : null;
  const name = e ? e.name : m.text;
  const target = document.getElementById("entity-page");
  try {
    const found = await api("/api/entities", { name, limit: 10 });
    const lower = name.toLowerCase();
    const best = found.items.find((x) => x.name.toLowerCase() === lower && x.type === m.type)
      || found.items.find((x) => x.name.toLowerCase() === lower || x.aliases.some((al) => al.toLowerCase() === lower))
      || found.items[0];
    if (target) target.innerHTML = best
      ? `<a class="entity-link" id="entity-page-link" href="#/entity/${best.id}">${esc(best.name)} across articles →</a>`
      : `<span class="muted">Not resolved across articles.</span>`;
  } catch (error) {
    if (target) target.innerHTML = `<span class="error">${esc(error.message)}</span>`;
  }
}

async function entities(params) {
  const name = params.get("name") || "";
  const offset = Number(params.get("offset") || 0);
  const result = await api("/api/entities", { name, offset, limit: 50 });
  view().innerHTML = `<h1>Entities</h1>
    <form class="filters" id="entity-form"><label>Name or alias<input name="name" value="${esc(name)}"></label><button>Find</button></form>
    ${entityList(result.items)}`;
  document.getElementById("entity-form").onsubmit = (e) => {
    e.preventDefault();
    location.hash = link("/entities", { name: e.target.name.value });
  };
  view().appendChild(pager(result, (o) => { location.hash = link("/entities", { name, offset: o }); }));
}

async function entity(id) {
  const d = await api(`/api/entities/${encodeURIComponent(id)}`);
  const e = d.entity;
  view().innerHTML = `
    <h1 id="entity-name">${esc(e.name)}</h1>
    <p class="meta">${esc(e.type)} · ${e.mentions} mentions in ${e.articles} articles ·
      <a id="entity-events-link" href="${link("/events", { actor: e.name })}">events involving ${esc(e.name)}</a> ·
      <a href="${link("/search", { q: e.name })}">search</a></p>
    <p id="aliases">${e.aliases.length ? "Also: " + e.aliases.map((a) => `<span class="tag">${esc(a)}</span>`).join("") : ""}</p>
    <div class="cols"><div>
      <h2>Events <span class="meta">${d.events.length}</span></h2>
      <div class="timeline" id="timeline"></div>
      ${eventsTable(d.events, "entity-events")}
      <h2>Quotes <span class="meta">${d.quotes.length}</span></h2>
      <ul class="plain" id="entity-quotes">${d.quotes.map((q) => `<li>“${esc(q.content)}”
        <span class="meta">${esc(q.speaker || q.source || "")} · <a href="#/article/${encodeURIComponent(q.article_id)}">${esc(q.title || "article")}</a> ${esc(q.published || "")}</span></li>`).join("") || `<li class="muted">None.</li>`}</ul>
      <h2>Articles <span class="meta">${d.articles.length}</span></h2>
      <ul class="plain" id="entity-articles">${d.articles.map((a) => `<li>${articleLink(a)} <span class="meta">${articleMeta(a)}</span></li>`).join("")}</ul>
    </div><div>
      <div class="card"><h2>Co-occurring actors</h2><ul class="plain" id="cooccurring">${d.cooccurring.map(([o, n]) =>
        `<li><a class="entity-link" href="#/entity/${o.id}">${esc(o.name)}</a> <span class="meta">${esc(o.type)} · ${n} shared articles</span></li>`).join("") || `<li class="muted">None.</li>`}</ul></div>
    </div></div>`;
  drawTimeline(document.getElementById("timeline"), d.events);
}

function drawTimeline(container, events) {
  const dated = events.filter((e) => /^\d{4}-\d{2}-\d{2}/.test(e.date || e.published || ""))
    .map((e) => ({ e, t: Date.parse((e.date || e.published).slice(0, 10)) }))
    .filter((x) => !Number.isNaN(x.t));
  if (!dated.length) { container.innerHTML = `<p class="muted">No dated events.</p>`; return; }
  const min = Math.min(...dated.map((x) => x.t));
  const max = Math.max(...dated.map((x) => x.t));
  const span = Math.max(max - min, 86400000);
  const x = (t) => 20 + ((t - min) / span) * 960;
  const day = (t) => new Date(t).toISOString().slice(0, 10);
  container.innerHTML = `<svg viewBox="0 0 1000 70" role="img" aria-label="events on a timeline">
    <line class="axis" x1="20" y1="35" x2="980" y2="35"/>
    ${dated.map(({ e, t }, i) => `<a href="#/article/${encodeURIComponent(e.article_id)}"><circle class="dot" cx="${x(t).toFixed(1)}" cy="${35 - ((i % 3) - 1) * 9}" r="5"><title>${esc(day(t))} ${esc(e.type)}: ${esc(e.source || "")} → ${esc(e.target || "")}</title></circle></a>`).join("")}
    <text x="20" y="64">${esc(day(min))}</text><text x="980" y="64" text-anchor="end">${esc(day(max))}</text></svg>`;
}

function eventsTable(rows, id) {
  if (!rows.length) return `<p class="muted" id="${id}-empty">No events.</p>`;
  return `<table id="${id}"><thead><tr><th>Date</th><th>Type</th><th>Source</th><th>Target</th><th>Place</th><th title="mentions / articles / sources">M/A/S</th><th>Article</th></tr></thead><tbody>
    ${rows.map((e) => `<tr>
      <td>${esc(e.date || "")}</td><td>${esc(e.type)}${e.cameo ? ` <span class="meta">${esc(e.cameo)}</span>` : ""}</td>
      <td>${esc(e.source || "")} <span class="meta">${esc(e.source_country || "")}</span></td>
      <td>${esc(e.target || "")} <span class="meta">${esc(e.target_country || "")}</span></td>
      <td>${esc(e.place || "")} <span class="meta">${esc(e.place_country || "")}</span></td>
      <td>${e.num_mentions}/${e.num_articles}/${e.num_sources}</td>
      <td><a href="#/article/${encodeURIComponent(e.article_id)}">${esc(e.outlet || "article")}</a></td></tr>`).join("")}</tbody></table>`;
}

let worldCache = null;
async function world() {
  if (!worldCache) worldCache = await (await fetch("/world.json")).json();
  return worldCache;
}

async function drawMap(container, rows) {
  const w = await world();
  const located = rows.filter((e) => e.lat != null && e.lon != null);
  container.innerHTML = `<svg viewBox="0 8 360 150" role="img" aria-label="map of event locations">
    ${w.countries.map((c) => `<path class="country" d="${c.d}"><title>${esc(c.name)}</title></path>`).join("")}
    ${located.map((e) => `<circle class="event" cx="${(e.lon + 180).toFixed(2)}" cy="${(90 - e.lat).toFixed(2)}" r="${Math.min(4, 1.2 + Math.log2(1 + e.num_mentions) * 0.5).toFixed(2)}"><title>${esc(e.place || "")}: ${esc(e.type)} ${esc(e.date || "")}</title></circle>`).join("")}
  </svg><p class="meta" id="map-count">${located.length} of ${rows.length} events on this page have a location.</p>`;
}

async function events(params) {
  const fields = ["actor", "type", "since", "until", "place"];
  const filter = Object.fromEntries(fields.map((f) => [f, params.get(f) || ""]));
  const merged = params.get("merged") === "true";
  const offset = Number(params.get("offset") || 0);
  const result = await api("/api/events", { ...filter, merged: merged ? "true" : "", offset, limit: 200 });
  view().innerHTML = `<h1>Events</h1>
    <form class="filters" id="event-filters">
      ${fields.map((f) => `<label>${f}<input name="${f}" value="${esc(filter[f])}" ${f === "since" || f === "until" ? 'placeholder="YYYY-MM-DD"' : ""}></label>`).join("")}
      <label>merged<input type="checkbox" name="merged" ${merged ? "checked" : ""}></label>
      <button type="submit">Filter</button></form>
    <div class="map" id="map"></div>
    <h2>${result.items.length} event${result.items.length === 1 ? "" : "s"}${result.next_offset != null ? " (more on the next page)" : ""}</h2>
    ${eventsTable(result.items, "events-table")}`;
  document.getElementById("event-filters").onsubmit = (e) => {
    e.preventDefault();
    const f = e.target;
    const next = Object.fromEntries(fields.map((k) => [k, f[k].value.trim()]));
    if (f.merged.checked) next.merged = "true";
    location.hash = link("/events", next);
  };
  view().appendChild(pager(result, (o) => { location.hash = link("/events", { ...filter, merged: merged ? "true" : "", offset: o }); }));
  await drawMap(document.getElementById("map"), result.items);
}

async function stories(params) {
  const offset = Number(params.get("offset") || 0);
  const result = await api("/api/stories", { offset, limit: 50 });
  view().innerHTML = `<h1>Stories</h1>${storyList(result.items)}`;
  view().appendChild(pager(result, (o) => { location.hash = link("/stories", { offset: o }); }));
}

async function story(id) {
  const d = await api(`/api/stories/${encodeURIComponent(id)}`, { limit: 200 });
  const s = d.story;
  view().innerHTML = `<h1 id="story-label">${esc(s ? s.label : "Story " + id)}</h1>
    ${s ? `<p class="meta">${s.articles} articles · ${esc(s.first || "")} – ${esc(s.last || "")}</p>
    <p>${s.terms.map((t) => `<span class="tag">${esc(t)}</span>`).join("")}</p>` : ""}
    <h2>Articles in publication order</h2>
    <ol id="story-articles">${d.articles.items.map((a) => `<li>${articleLink(a)} <span class="meta">${articleMeta(a)}${a.duplicate_of ? " · copy" : ""}</span></li>`).join("")}</ol>`;
}

// ---------------------------------------------------------------------------------------
// Router

async function route() {
  const { path, params } = hashParams();
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  document.body.dataset.view = parts[0] || "home";
  try {
    if (!parts.length) await home();
    else if (parts[0] === "search") await search(params);
    else if (parts[0] === "article" && parts[1]) await article(parts[1]);
    else if (parts[0] === "entities") await entities(params);
    else if (parts[0] === "entity" && parts[1]) await entity(parts[1]);
    else if (parts[0] === "events") await events(params);
    else if (parts[0] === "stories") await stories(params);
    else if (parts[0] === "story" && parts[1]) await story(parts[1]);
    else view().innerHTML = `<p class="error">No such page.</p>`;
  } catch (error) {
    showError(error);
  }
  document.body.dataset.ready = location.hash || "#/";
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = link("/search", { q: document.getElementById("q").value.trim() });
  });
  window.addEventListener("hashchange", route);
  route();
});
