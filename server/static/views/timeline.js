// The timeline (one row per place or unit, a mark per event spanning its date precision) and
// the front line over time (who held each place when, from capture and withdrawal events).
import { activate, colour, localName, statusName, svg, TYPE_COLOURS } from "./common.js";

const WIDTH = 900;
const LABEL = 190;
const ROW = 20;
const DAY = 86400000;

const time = (day) => Date.parse(day + "T00:00:00Z");

function scaleFor(events) {
  let lo = Infinity, hi = -Infinity;
  for (const e of events) { lo = Math.min(lo, time(e.start)); hi = Math.max(hi, time(e.end) + DAY); }
  if (hi - lo < 30 * DAY) { lo -= 15 * DAY; hi += 15 * DAY; }
  const x = (t) => LABEL + ((t - lo) / (hi - lo)) * (WIDTH - LABEL - 10);
  return { lo, hi, x };
}

function axis(root, scale, height) {
  const g = svg("g", { class: "axis", "aria-hidden": "true" }, root);
  const start = new Date(scale.lo);
  const months = (scale.hi - scale.lo) / (30 * DAY);
  const step = months > 48 ? 12 : months > 18 ? 3 : 1;
  const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - (start.getUTCMonth() % step), 1));
  for (; d.getTime() <= scale.hi; d.setUTCMonth(d.getUTCMonth() + step)) {
    if (d.getTime() < scale.lo) continue;
    const x = scale.x(d.getTime());
    svg("line", { x1: x, x2: x, y1: 14, y2: height, class: "tick" }, g);
    svg("text", { x: x + 2, y: 11 }, g).textContent = d.toISOString().slice(0, step === 12 ? 4 : 7);
  }
}

function rowLabel(root, y, text) {
  const label = svg("text", { x: 4, y: y + 14, class: "row-label" }, root);
  label.textContent = text.length > 28 ? text.slice(0, 27) + "…" : text;
  svg("title", {}, label).textContent = text;
}

/** Rows of events (dated only); each mark has data-event, so marks per event can be counted. */
export function renderTimeline(container, events, names, group) {
  container.replaceChildren();
  const dated = events.filter((e) => e.start && e.end && !Number.isNaN(time(e.start)));
  if (!dated.length) { container.textContent = "No dated events match the filters."; return null; }
  const rows = new Map();
  for (const e of dated) {
    const keys = group === "unit"
      ? [...new Set(`${e.actors || ""} ${e.opposing || ""}`.split(" ").filter(Boolean))]
      : (e.places || "").split(" ").filter(Boolean);
    for (const key of keys.length ? keys : [""]) {
      if (!rows.has(key)) rows.set(key, []);
      rows.get(key).push(e);
    }
  }
  const name = (key) => (key ? names.get(key) || localName(key) : group === "unit" ? "(no unit named)" : "(no place)");
  const ordered = [...rows.entries()].sort((a, b) => a[1][0].start.localeCompare(b[1][0].start) || name(a[0]).localeCompare(name(b[0])));
  const scale = scaleFor(dated);
  const height = 20 + ordered.length * ROW;
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`, role: "group", xmlns: "http://www.w3.org/2000/svg",
    "aria-label": `Timeline of ${dated.length} dated events in ${ordered.length} rows`,
  }, container);
  axis(root, scale, height);
  ordered.forEach(([key, list], i) => {
    const y = 20 + i * ROW;
    if (i % 2) svg("rect", { x: 0, y, width: WIDTH, height: ROW, class: "band" }, root);
    rowLabel(root, y, name(key));
    for (const e of list) {
      const x0 = scale.x(time(e.start)), x1 = scale.x(time(e.end) + DAY);
      const status = statusName(e);
      const mark = svg("rect", {
        x: x0, y: y + 4, width: Math.max(5, x1 - x0), height: ROW - 8, rx: 2,
        class: `mark status-${status}`, "data-event": e.event, fill: colour(e.type), stroke: colour(e.type),
      }, root);
      activate(mark, `${localName(e.type) || "event"} (${status}) ${e.date || ""} in ${name(key)}`, [e], names);
    }
  });
  return root;
}

export function legend(container, events) {
  const present = new Set(events.map((e) => localName(e.type)));
  const list = document.createElement("ul");
  list.className = "legend";
  for (const [type, fill] of Object.entries(TYPE_COLOURS)) {
    if (!present.has(type)) continue;
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = fill;
    item.append(swatch, type);
    list.append(item);
  }
  container.after(list);
}

/** Holder changes per place, in date order: capture gives it to the actor, withdrawal to the opponent. */
export function frontLine(events) {
  const changes = new Map();
  for (const e of events) {
    const kind = localName(e.type);
    if (!e.start || statusName(e) !== "occurred" || (kind !== "Capture" && kind !== "Withdrawal")) continue;
    const side = ((kind === "Capture" ? e.actors : e.opposing) || "").split(" ").filter(Boolean).sort()[0] || "";
    for (const place of (e.places || "").split(" ").filter(Boolean)) {
      if (!changes.has(place)) changes.set(place, []);
      changes.get(place).push({ day: e.start, holder: side, event: e });
    }
  }
  for (const list of changes.values()) list.sort((a, b) => a.day.localeCompare(b.day) || a.event.event.localeCompare(b.event.event));
  return changes;
}

const PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948", "#9c755f"];

export function renderFrontLine(container, events, names) {
  container.replaceChildren();
  const changes = frontLine(events);
  if (!changes.size) { container.textContent = "No dated captures or withdrawals match the filters."; return null; }
  const all = [...changes.values()].flat();
  const scale = scaleFor(all.map((c) => ({ start: c.day, end: c.event.end || c.day })));
  const holders = [...new Set(all.map((c) => c.holder))].sort();
  const fill = (h) => (h ? PALETTE[holders.indexOf(h) % PALETTE.length] : "#bbb");
  const name = (k) => names.get(k) || localName(k);
  const rows = [...changes.entries()].sort((a, b) => a[1][0].day.localeCompare(b[1][0].day) || name(a[0]).localeCompare(name(b[0])));
  const height = 20 + rows.length * ROW;
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`, role: "group", xmlns: "http://www.w3.org/2000/svg",
    "aria-label": `Front line: who held ${rows.length} places over time`,
  }, container);
  axis(root, scale, height);
  rows.forEach(([place, list], i) => {
    const y = 20 + i * ROW;
    rowLabel(root, y, name(place));
    list.forEach((c, j) => {
      const x0 = scale.x(time(c.day));
      const x1 = j + 1 < list.length ? scale.x(time(list[j + 1].day)) : scale.x(scale.hi);
      const who = c.holder ? name(c.holder) : "unknown";
      const seg = svg("rect", { x: x0, y: y + 3, width: Math.max(3, x1 - x0), height: ROW - 6, fill: fill(c.holder), class: "held" }, root);
      activate(seg, `${name(place)} held by ${who} from ${c.day}`, [c.event], names);
    });
  });
  const list = document.createElement("ul");
  list.className = "legend";
  for (const h of holders) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = fill(h);
    item.append(swatch, h ? name(h) : "unknown");
    list.append(item);
  }
  container.after(list);
  return root;
}
