// Entry point: reads the filters from the URL, runs the view's queries, draws it.
import {
  eventPatterns, eventsQuery, fillForm, idHref, loadNames, localName, placesQuery, readFilters,
  select, settings, toGeojson, wireExports,
} from "./common.js";
import { renderMap } from "./map.js";
import { legend, renderFrontLine, renderTimeline } from "./timeline.js";

function cell(row, text, href) {
  const td = document.createElement("td");
  if (href) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    td.append(a);
  } else td.textContent = text;
  row.append(td);
}

async function operationTables(s, f, names) {
  const head = `PREFIX ck: <${s.ck}>\n`;
  const units = await select(s, "units of the operation", `${head}SELECT ?unit (COUNT(DISTINCT ?event) AS ?events)
WHERE {
${eventPatterns(s, f)}
  ?event ck:participant ?unit FILTER(STRSTARTS(STR(?unit), "${s.idbase}"))
}
GROUP BY ?unit
ORDER BY DESC(?events) ?unit
`);
  const body = (id) => document.querySelector(`#${id} tbody`);
  for (const r of units) {
    const tr = document.createElement("tr");
    cell(tr, names.get(r.unit) || localName(r.unit), idHref(r.unit, s));
    cell(tr, r.events);
    body("op-units").append(tr);
  }
  const sources = await select(s, "sources of the operation", `${head}SELECT ?doc (SAMPLE(?pub0) AS ?publisher) (COUNT(DISTINCT ?event) AS ?events)
WHERE {
${eventPatterns(s, f)}
  OPTIONAL { ?doc ck:publisher ?pub0 }
}
GROUP BY ?doc
ORDER BY DESC(?events) ?doc
`);
  for (const r of sources) {
    const tr = document.createElement("tr");
    cell(tr, names.get(r.doc) || localName(r.doc), idHref(r.doc, s));
    cell(tr, r.publisher ? names.get(r.publisher) || localName(r.publisher) : "", r.publisher ? idHref(r.publisher, s) : null);
    cell(tr, r.events);
    body("op-sources").append(tr);
  }
  const claims = await select(s, "claims about the operation", `${head}PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim ?counted ?figure ?value ?asOf ?claimant ?doc
WHERE {
  ?claim a ck:Claim ; ck:reportedIn ?doc .
  { ?doc ck:mentions <${s.operation}> } UNION { ?claim ck:about <${s.operation}> }
  OPTIONAL { ?claim ck:counted ?counted } OPTIONAL { ?claim ck:figure ?figure }
  OPTIONAL { ?claim ck:value ?value } OPTIONAL { ?claim ck:asOf ?asOf }
  OPTIONAL { { ?claim ck:claimedBy/rdfs:label ?claimant } UNION { ?claim ck:claimantText ?claimant } }
}
ORDER BY ?counted ?asOf ?doc ?claim
`);
  const values = new Map();
  for (const r of claims) {
    if (!values.has(r.counted)) values.set(r.counted, new Set());
    values.get(r.counted).add(r.value);
  }
  const seen = new Set();
  for (const r of claims) {
    if (seen.has(r.claim)) continue;
    seen.add(r.claim);
    const tr = document.createElement("tr");
    const conflict = values.get(r.counted).size > 1;
    if (conflict) tr.className = "conflict";
    cell(tr, (r.counted || "").replace(/_/g, " ") + (conflict ? " (figures differ)" : ""));
    cell(tr, r.figure || r.value || "", idHref(r.claim, s));
    cell(tr, r.asOf || "");
    cell(tr, r.claimant || "");
    cell(tr, names.get(r.doc) || localName(r.doc), idHref(r.doc, s));
    body("op-claims").append(tr);
  }
}

async function main() {
  const s = settings();
  const f = readFilters();
  fillForm(f);
  const status = document.getElementById("status");
  const root = document.getElementById("view-root");
  const state = { events: [], places: new Map() };
  wireExports(s.view, state);
  try {
    const names = await loadNames(s, f);
    for (const p of await select(s, "places", placesQuery(s), f.pageSize)) {
      state.places.set(p.place, p);
      if (p.label) names.set(p.place, p.label);
    }
    state.events = await select(s, "events", eventsQuery(s, f), f.pageSize);
    const dated = state.events.filter((e) => e.start).length;
    status.textContent = `${state.events.length} events (${dated} dated)` +
      (f.dropped.length ? `; ignored invalid filter(s): ${f.dropped.join(", ")}` : "");
    const timeline = document.getElementById("timeline");
    if (timeline) {
      renderTimeline(timeline, state.events, names, f.group);
      legend(timeline, state.events);
    }
    const front = document.getElementById("frontline");
    if (front) renderFrontLine(front, state.events, names);
    const map = document.getElementById("map");
    if (map) await renderMap(map, state.events, state.places, names);
    if (s.view === "operation") await operationTables(s, f, names);
  } catch (error) {
    status.textContent = `Could not load the view: ${error.message}`;
    status.classList.add("error");
  }
  window.ckViews = { state, filters: f, geojson: () => toGeojson(state.events, state.places) };
  root.dataset.ready = "true";
}

main();
