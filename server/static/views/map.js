// The map: places projected from lat/long (equirectangular, scaled by the cosine of the mid
// latitude), country outlines from world-atlas (served locally), clusters when dense.
import { activate, colour, localName, svg } from "./common.js";

const WIDTH = 860;
const CELL = 26;

function bounds(points) {
  let [w, e, s, n] = [180, -180, 90, -90];
  for (const p of points) {
    w = Math.min(w, p.long); e = Math.max(e, p.long); s = Math.min(s, p.lat); n = Math.max(n, p.lat);
  }
  const padX = Math.max(0.25, (e - w) * 0.1);
  const padY = Math.max(0.25, (n - s) * 0.1);
  return { w: w - padX, e: e + padX, s: s - padY, n: n + padY };
}

function projection(b) {
  const k = Math.cos((((b.n + b.s) / 2) * Math.PI) / 180);
  const scale = WIDTH / ((b.e - b.w) * k);
  const height = Math.min(620, Math.max(320, (b.n - b.s) * scale));
  const y0 = (b.n + b.s) / 2;
  return {
    scale, k, height,
    x: (long) => (long - b.w) * k * scale,
    y: (lat) => height / 2 - (lat - y0) * scale,
  };
}

async function outlines(group, proj, b) {
  if (!window.topojson) return;
  const response = await fetch("/views/assets/countries.json");
  if (!response.ok) return;
  const world = await response.json();
  const countries = window.topojson.feature(world, world.objects.countries).features;
  const margin = 10;
  for (const country of countries) {
    const polygons = country.geometry?.type === "Polygon" ? [country.geometry.coordinates]
      : country.geometry?.type === "MultiPolygon" ? country.geometry.coordinates : [];
    let d = "";
    for (const polygon of polygons) {
      for (const ring of polygon) {
        if (!ring.some(([lo, la]) => lo > b.w - margin && lo < b.e + margin && la > b.s - margin && la < b.n + margin)) continue;
        d += "M" + ring.map(([lo, la]) => `${proj.x(lo).toFixed(1)},${proj.y(la).toFixed(1)}`).join("L") + "Z";
      }
    }
    if (!d) continue;
    const path = svg("path", { d, class: "country" }, group);
    svg("title", {}, path).textContent = country.properties?.name || "";
  }
}

/** Draw the located events; returns the SVG. Each mark's data-count is its number of events. */
export async function renderMap(container, events, places, names) {
  const points = [];
  for (const e of events) {
    for (const iri of (e.places || "").split(" ").filter(Boolean)) {
      const p = places.get(iri);
      if (p && p.lat !== undefined && p.long !== undefined) {
        points.push({ event: e, place: iri, lat: Number(p.lat), long: Number(p.long), precision: Number(p.precision || 0) });
      }
    }
  }
  container.replaceChildren();
  if (!points.length) {
    container.textContent = "No located events match the filters.";
    return null;
  }
  const b = bounds(points);
  const proj = projection(b);
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${proj.height.toFixed(0)}`, role: "group", "aria-label": `Map of ${points.length} located events`,
    xmlns: "http://www.w3.org/2000/svg",
  }, container);
  svg("rect", { width: WIDTH, height: proj.height, class: "sea" }, root);
  const land = svg("g", { class: "outlines", "aria-hidden": "true" }, root);
  await outlines(land, proj, b);
  const clusters = new Map();
  for (const p of points) {
    const approx = p.precision >= 0.01;
    const x = proj.x(p.long), y = proj.y(p.lat);
    const key = `${Math.floor(x / CELL)}:${Math.floor(y / CELL)}:${approx}`;
    if (!clusters.has(key)) clusters.set(key, { x: 0, y: 0, points: [], approx, precision: 0 });
    const c = clusters.get(key);
    c.points.push(p); c.x += x; c.y += y; c.precision = Math.max(c.precision, p.precision);
  }
  const marks = svg("g", { class: "marks" }, root);
  const ordered = [...clusters.values()].sort((a, b2) => b2.points.length - a.points.length);
  for (const c of ordered) {
    const n = c.points.length;
    const x = c.x / n, y = c.y / n;
    const placeNames = [...new Set(c.points.map((p) => names.get(p.place) || localName(p.place)))].sort();
    const types = [...new Set(c.points.map((p) => p.event.type))];
    const g = svg("g", { class: "mark" + (c.approx ? " approx" : "") + (n > 1 ? " cluster" : ""), "data-count": n }, marks);
    const r = c.approx ? Math.min(60, Math.max(9, c.precision * proj.scale)) : 5 + Math.sqrt(n) * 2;
    svg("circle", { cx: x, cy: y, r, fill: types.length === 1 ? colour(types[0]) : "#555" }, g);
    if (n > 1) svg("text", { x, y: y + 4, class: "count", "aria-hidden": "true" }, g).textContent = String(n);
    const where = placeNames.length > 3 ? `${placeNames.slice(0, 3).join(", ")} and ${placeNames.length - 3} more` : placeNames.join(", ");
    const label = `${n} event${n > 1 ? "s" : ""} at ${where}${c.approx ? " (approximate location)" : ""}`;
    if (placeNames.length === 1) svg("text", { x: x + r + 3, y: y + 4, class: "place", "aria-hidden": "true" }, g).textContent = placeNames[0];
    activate(g, label, c.points.map((p) => p.event), names);
  }
  return root;
}
