#!/usr/bin/env node
// Builds crates/server/assets/world.json, the world outline behind the web UI's event map.
//
// Source: Natural Earth 1:110m Admin 0 countries (public domain, naturalearthdata.com), as
// packaged in TopoJSON by the npm package `world-atlas` 2.0.2 (ISC licence), read with
// `topojson-client` 3.1.0 (ISC licence). Neither package is a dependency of newsgraph; install
// them anywhere and point this script at that node_modules:
//
//   mkdir -p /tmp/world && (cd /tmp/world && npm install world-atlas@2.0.2 topojson-client@3.1.0)
//   node scripts/build_world_outline.mjs /tmp/world/node_modules > crates/server/assets/world.json
//
// Output: one SVG path per country in an equirectangular projection (x = lon + 180,
// y = 90 - lat, so the viewBox is 0 0 360 180), coordinates rounded to 0.1 degree, closed
// rings only. The UI draws the paths and places events at (lon + 180, 90 - lat).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const modules = resolve(process.argv[2] ?? "node_modules");
const require = createRequire(join(modules, "noop.js"));
const topojson = require("topojson-client");
const topology = JSON.parse(
  readFileSync(join(modules, "world-atlas", "countries-110m.json"), "utf8"),
);

const round = (v) => Math.round(v * 10) / 10;
function ringPath(ring) {
  let out = "";
  let last = null;
  for (const [lon, lat] of ring) {
    const x = round(lon + 180);
    const y = round(90 - lat);
    const point = `${x} ${y}`;
    if (point === last) continue;
    out += (out ? "L" : "M") + point;
    last = point;
  }
  return out ? out + "Z" : "";
}

const countries = topojson.feature(topology, topology.objects.countries).features;
const out = [];
for (const feature of countries) {
  const geometry = feature.geometry;
  if (!geometry) continue;
  const polygons =
    geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const d = polygons.flatMap((polygon) => polygon.map(ringPath)).join("");
  if (d) out.push({ name: feature.properties?.name ?? "", d });
}
out.sort((a, b) => a.name.localeCompare(b.name));
process.stdout.write(
  JSON.stringify({
    source: "Natural Earth 1:110m Admin 0 countries (public domain) via world-atlas 2.0.2 (ISC)",
    projection: "equirectangular: x = lon + 180, y = 90 - lat",
    viewBox: [0, 0, 360, 180],
    countries: out,
  }) + "\n",
);
