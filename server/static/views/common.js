// Shared by the views: filters from the URL, the SPARQL the views run (against our own
// /sparql, fetched in pages), labels, the detail panel and the exports.
// Every string from the graph is put in the page with textContent or setAttribute only.

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const SAFE_IRI = /^https?:\/\/[^\s<>"{}|^`\\]+$/;
const NAME = /^[A-Za-z][A-Za-z0-9]*$/;

export function settings() {
  const root = document.getElementById("view-root");
  return {
    view: root.dataset.view,
    ck: root.dataset.ck,
    idbase: root.dataset.idbase,
    endpoint: root.dataset.endpoint,
    operation: SAFE_IRI.test(root.dataset.operation || "") ? root.dataset.operation : "",
  };
}

/** The filters in the URL; values that could not be used safely are dropped (and reported). */
export function readFilters(params = new URLSearchParams(location.search)) {
  const f = { from: "", to: "", type: "", unit: "", source: "", group: "place", pageSize: 1000 };
  const dropped = [];
  const take = (key, ok) => {
    const value = (params.get(key) || "").trim();
    if (value && ok.test(value)) f[key] = value;
    else if (value) dropped.push(key);
  };
  take("from", DATE); take("to", DATE); take("type", NAME); take("unit", SAFE_IRI); take("source", SAFE_IRI);
  if (params.get("group") === "unit") f.group = "unit";
  const size = parseInt(params.get("pagesize") || "", 10);
  if (size > 0) f.pageSize = size;
  f.fromDay = f.from ? (f.from + "-01-01").slice(0, 10) : "";
  f.toDay = f.to ? f.to + ["-12-31", "-31", ""][(f.to.length - 4) / 3] : "";
  f.dropped = dropped;
  return f;
}

export function fillForm(f) {
  for (const key of ["from", "to", "group"]) {
    const input = document.getElementById("f-" + key);
    if (input) input.value = f[key];
  }
}

const prefixes = (s) => `PREFIX ck: <${s.ck}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dct: <http://purl.org/dc/terms/>
`;

/** The patterns that select the filtered report events (bound to ?event and ?doc). */
export function eventPatterns(s, f) {
  const lines = ["  ?event a ck:Event ; ck:reportedIn ?doc ."];
  if (f.type) lines.push(`  ?event a ck:${f.type} .`);
  if (f.unit) lines.push(`  ?event ck:participant <${f.unit}> .`);
  if (f.source) lines.push(`  { ?event ck:reportedIn <${f.source}> } UNION { ?doc ck:publisher <${f.source}> }`);
  if (s.operation) {
    lines.push(`  { ?event ck:partOfOperation <${s.operation}> } UNION { ?doc ck:mentions <${s.operation}> }`);
  }
  lines.push(
    "  OPTIONAL { ?event ck:date ?date0 } OPTIONAL { ?event ck:startDate ?begin0 } OPTIONAL { ?event ck:endDate ?end0 }",
    "  BIND(STR(COALESCE(?begin0, ?date0)) AS ?a) BIND(STR(COALESCE(?end0, ?date0, ?begin0)) AS ?b)",
    '  BIND(IF(STRLEN(?a) = 4, CONCAT(?a, "-01-01"), IF(STRLEN(?a) = 7, CONCAT(?a, "-01"), SUBSTR(?a, 1, 10))) AS ?spanStart)',
    '  BIND(IF(STRLEN(?b) = 4, CONCAT(?b, "-12-31"), IF(STRLEN(?b) = 7, CONCAT(?b, "-31"), SUBSTR(?b, 1, 10))) AS ?spanEnd)',
  );
  if (f.fromDay) lines.push(`  FILTER(?spanEnd >= "${f.fromDay}")`);
  if (f.toDay) lines.push(`  FILTER(?spanStart <= "${f.toDay}")`);
  return lines.join("\n");
}

export function eventsQuery(s, f) {
  return `${prefixes(s)}SELECT ?event (SAMPLE(?label0) AS ?label) (SAMPLE(?type0) AS ?type)
  (SAMPLE(?date0) AS ?date) (SAMPLE(?prec0) AS ?precision) (SAMPLE(?spanStart) AS ?start)
  (SAMPLE(?spanEnd) AS ?end) (SAMPLE(?status0) AS ?status) (SAMPLE(?doc) AS ?document)
  (SAMPLE(?key0) AS ?documentKey) (SAMPLE(?pub0) AS ?publisher) (SAMPLE(?quote0) AS ?quote)
  (GROUP_CONCAT(DISTINCT STR(?place0); separator=" ") AS ?places)
  (GROUP_CONCAT(DISTINCT STR(?actor0); separator=" ") AS ?actors)
  (GROUP_CONCAT(DISTINCT STR(?opp0); separator=" ") AS ?opposing)
WHERE {
${eventPatterns(s, f)}
  OPTIONAL { ?event rdfs:label ?label0 }
  OPTIONAL { ?event ck:datePrecision ?prec0 }
  OPTIONAL { ?event ck:status ?status0 }
  OPTIONAL { ?doc ck:documentKey ?key0 } OPTIONAL { ?doc ck:publisher ?pub0 }
  OPTIONAL { ?event ck:evidence/oa:exact ?quote0 }
  OPTIONAL { ?event ck:location ?place0 FILTER(STRSTARTS(STR(?place0), "${s.idbase}")) }
  OPTIONAL { ?event ck:actor ?actor0 FILTER(STRSTARTS(STR(?actor0), "${s.idbase}")) }
  OPTIONAL { ?event ck:opposingForce ?opp0 FILTER(STRSTARTS(STR(?opp0), "${s.idbase}")) }
  OPTIONAL { ?event a ?type0 . ?type0 rdfs:subClassOf ck:Event .
    FILTER(?type0 NOT IN (ck:Event, ck:MergedEvent))
    FILTER NOT EXISTS { ?event a ?sub . ?sub rdfs:subClassOf ?type0 FILTER(?sub != ?type0) } }
}
GROUP BY ?event
ORDER BY ?start ?event
`;
}

export function placesQuery(s) {
  return `${prefixes(s)}SELECT ?place (SAMPLE(?label0) AS ?label) (SAMPLE(?lat0) AS ?lat)
  (SAMPLE(?long0) AS ?long) (SAMPLE(?prec0) AS ?precision)
WHERE {
  ?place a ck:Location .
  OPTIONAL { ?place ck:lat ?lat0 ; ck:long ?long0 }
  OPTIONAL { ?place rdfs:label ?label0 FILTER(LANG(?label0) IN ("en", "")) }
  OPTIONAL { ?place ck:coordinatePrecision ?prec0 }
  FILTER(STRSTARTS(STR(?place), "${s.idbase}"))
}
GROUP BY ?place
ORDER BY ?place
`;
}

export function namesQuery(s) {
  return `${prefixes(s)}SELECT ?x ?kind (SAMPLE(?label0) AS ?label)
WHERE {
  { ?x a ck:Unit BIND("unit" AS ?kind) }
  UNION { ?doc ck:publisher ?x BIND("publisher" AS ?kind) }
  UNION { ?x a ck:Document BIND("document" AS ?kind) OPTIONAL { ?x dct:title ?label0 } }
  UNION { ?type rdfs:subClassOf ck:Event BIND(?type AS ?x) BIND("type" AS ?kind) }
  OPTIONAL { ?x rdfs:label ?label0 FILTER(LANG(?label0) IN ("en", "")) }
  FILTER(STRSTARTS(STR(?x), "${s.idbase}") || STRSTARTS(STR(?x), STR(ck:)))
}
GROUP BY ?x ?kind
ORDER BY ?kind ?x
`;
}

const ran = [];

/** Run a SELECT in pages of `pageSize` rows (LIMIT/OFFSET) until a short page: never cut. */
export async function select(s, title, query, pageSize = 1000) {
  ran.push({ title, query, pageSize });
  showQueries();
  const rows = [];
  for (let offset = 0; ; offset += pageSize) {
    const body = new URLSearchParams({ query: `${query}LIMIT ${pageSize} OFFSET ${offset}\n` });
    const response = await fetch(s.endpoint, {
      method: "POST",
      body,
      headers: { Accept: "application/sparql-results+json" },
    });
    if (!response.ok) {
      const error = await response.json().catch(() => ({ error: response.statusText }));
      throw new Error(`${title}: ${error.error || response.status}`);
    }
    const page = (await response.json()).results.bindings;
    for (const b of page) {
      const row = {};
      for (const [k, v] of Object.entries(b)) row[k] = v.value;
      rows.push(row);
    }
    if (page.length < pageSize) return rows;
  }
}

function showQueries() {
  const list = document.getElementById("query-links");
  list.replaceChildren();
  for (const { title, query, pageSize } of ran) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.className = "show-query";
    link.href = "/?" + new URLSearchParams({ query });
    link.textContent = `show query: ${title}`;
    item.append(link, ` (run in pages of ${pageSize} rows: LIMIT ${pageSize} OFFSET 0, ${pageSize}, …)`);
    list.append(item);
  }
}

export const localName = (iri) => (iri || "").replace(/^.*[#/]/, "");

/** Names for units, publishers, documents and types; fills the filter menus. */
export async function loadNames(s, f) {
  const rows = await select(s, "names for the filters", namesQuery(s));
  const names = new Map();
  for (const r of rows) names.set(r.x, r.label || localName(r.x));
  const menus = { unit: "f-unit", publisher: "f-source", document: "f-source", type: "f-type" };
  for (const r of rows) {
    const select_ = document.getElementById(menus[r.kind]);
    if (!select_) continue;
    const option = document.createElement("option");
    option.value = r.kind === "type" ? localName(r.x) : r.x;
    option.textContent = (r.kind === "document" ? "document: " : "") + names.get(r.x);
    option.selected = option.value === f[r.kind === "type" ? "type" : r.kind === "unit" ? "unit" : "source"];
    select_.append(option);
  }
  return names;
}

export const TYPE_COLOURS = {
  Capture: "#1f77b4", Advance: "#2ca02c", Attack: "#d62728", Airstrike: "#9467bd",
  Withdrawal: "#ff7f0e", Encirclement: "#8c564b", Declaration: "#e377c2", Killing: "#7f3f3f",
  Destruction: "#5a5a5a", Surrender: "#17becf",
};
export const colour = (type) => TYPE_COLOURS[localName(type)] || "#444";
export const statusName = (e) => localName(e.status) || "occurred";

const SVG = "http://www.w3.org/2000/svg";
export function svg(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (parent) parent.append(node);
  return node;
}

/** Mark behaviour: focusable, labelled, opens the detail panel on click, Enter or Space. */
export function activate(node, label, events, names) {
  node.setAttribute("tabindex", "0");
  node.setAttribute("role", "button");
  node.setAttribute("aria-label", label);
  svg("title", {}, node).textContent = label;
  const open = () => showDetail(events, names);
  node.addEventListener("click", open);
  node.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(); }
  });
}

export function idHref(iri, s) {
  return iri.startsWith(s.idbase) ? "/id/" + iri.slice(s.idbase.length) : iri;
}

export function showDetail(events, names) {
  const s = settings();
  const panel = document.getElementById("detail");
  const list = document.getElementById("detail-list");
  list.replaceChildren();
  for (const e of events) {
    const item = document.createElement("li");
    item.className = "event";
    const head = document.createElement("a");
    head.href = idHref(e.event, s);
    head.textContent = e.label || localName(e.event);
    const facts = document.createElement("p");
    facts.className = "facts";
    facts.textContent = [localName(e.type) || "event", statusName(e), e.date || "undated"].join(" · ");
    const quote = document.createElement("blockquote");
    quote.className = "quote";
    quote.textContent = e.quote || "";
    const source = document.createElement("p");
    source.className = "source";
    const doc = document.createElement("a");
    doc.href = idHref(e.document, s);
    doc.textContent = names.get(e.document) || e.documentKey || e.document;
    source.append("Source: ", doc);
    if (e.publisher) source.append(` (${names.get(e.publisher) || localName(e.publisher)})`);
    item.append(head, facts, quote, source);
    list.append(item);
  }
  document.getElementById("detail-title").textContent = `Selected: ${events.length} event(s)`;
  panel.hidden = false;
  document.getElementById("detail-title").focus();
}

const CSV_FIELDS = ["event", "label", "type", "date", "precision", "start", "end", "status",
  "places", "actors", "opposing", "document", "documentKey", "publisher", "quote"];

function csvCell(value) {
  const text = String(value ?? "");
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(events) {
  const lines = [CSV_FIELDS.join(",")];
  for (const e of events) lines.push(CSV_FIELDS.map((k) => csvCell(e[k])).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** One Point feature per located (event, place): geometry plus IRI, date, type, source. */
export function toGeojson(events, places) {
  const features = [];
  for (const e of events) {
    for (const iri of (e.places || "").split(" ").filter(Boolean)) {
      const p = places.get(iri);
      if (!p || p.lat === undefined || p.long === undefined) continue;
      features.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [Number(p.long), Number(p.lat)] },
        properties: {
          event: e.event, label: e.label || null, date: e.date || null, type: e.type || null,
          status: e.status || null, source: e.document, publisher: e.publisher || null,
          place: iri, placeLabel: p.label || null, coordinatePrecision: p.precision ? Number(p.precision) : null,
          quote: e.quote || null,
        },
      });
    }
  }
  return { type: "FeatureCollection", features };
}

function download(name, type, text) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

export function wireExports(view, state) {
  document.getElementById("export-csv").onclick = () => download(`${view}-events.csv`, "text/csv", toCsv(state.events));
  document.getElementById("export-geojson").onclick = () =>
    download(`${view}-events.geojson`, "application/geo+json", JSON.stringify(toGeojson(state.events, state.places), null, 1));
  document.getElementById("export-svg").onclick = () => {
    const chart = document.querySelector("figure.chart svg");
    if (chart) download(`${view}.svg`, "image/svg+xml", new XMLSerializer().serializeToString(chart));
  };
}
