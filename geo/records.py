"""The claims schema: a claim as a flat record and a GeoJSON feature (the one place where
``lat, lon`` becomes ``[lon, lat]``), the FeatureCollection with corroboration, and its validation.

Core: the ledger stores these records and every publish format builds on them.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from geo.errors import BadClaims
from geo.model import Actor, Claim, Event, PlaceType, Precision, Side, Status, Unresolved

def _parties() -> dict[str, str]:
    from geo.lang import parties  # the conflicts registry: claimant_side of other wars

    return parties()


# ---- stances (claims wing): every statement about the claim's (place, event) in its article
def _stances(claim: Claim) -> list[dict[str, Any]]:
    return [{"source": s.get("source"), "side": _v(s.get("side")), "stance": s.get("stance"),
             "quote": s.get("quote")} for s in getattr(claim, "stances", ()) or ()]


#: The claims schema: every feature carries exactly these core properties (docs/schema.md).
CORE_PROPERTIES = (
    "claim_id", "article", "mention", "place", "place_id", "place_type", "country", "admin1",
    "event", "actor", "claimant", "claimant_side", "status", "event_date", "published", "outlet",
    "url", "quote", "confidence", "precision",
)
#: Evidence and corroboration properties that follow the core ones (docs/schema.md).
EXTRA_PROPERTIES = (
    "claim_key", "sources", "source_articles", "stances", "date_precision", "quote_start", "quote_end",
    "mention_start", "mention_end", "resolution", "precision_note", "title", "evidence",
    "language", "place_local",  # ukru: the article's language; the place as the text names it
    "claimant_party",  # another war's party id (geo/lang/conflicts.toml), claimant_side independent
)
PROPERTIES = CORE_PROPERTIES + EXTRA_PROPERTIES

VOCABULARIES: dict[str, set[Any]] = {
    "event": {e.value for e in Event},
    "actor": {a.value for a in Actor} | {None},
    "claimant_side": {s.value for s in Side} | set(_parties()) | {None},
    "status": {s.value for s in Status},
    "place_type": {t.value for t in PlaceType},
    "precision": {p.value for p in Precision},
}


def _v(x: Any) -> Any:
    return x.value if hasattr(x, "value") else x


#: ``source_articles`` lists at most this many articles; ``sources`` always has the full count.
MAX_SOURCE_ARTICLES = 25


def properties(claim: Claim, *, sources: Sequence[str] = (), source_count: int = 0
               ) -> dict[str, Any]:
    """The flat property dict of one claim, in schema order."""
    p = claim.place
    m = claim.resolution.mention
    a = claim.article
    srcs = list(sources) if a.id in sources else sorted(set(sources) | {a.id})
    return {
        "claim_id": claim.claim_id,
        "article": a.id,
        "mention": m.text,
        "place": p.name,
        "place_id": p.id,
        "place_type": _v(p.place_type),
        "country": p.country,
        "admin1": p.admin1,
        "event": _v(claim.event),
        "actor": _v(claim.actor),
        "claimant": claim.claimant,
        "claimant_side": _v(claim.claimant_side),
        "status": _v(claim.status),
        "event_date": claim.event_date,
        "published": a.published,
        "outlet": a.outlet,
        "url": a.url,
        "quote": claim.quote,
        "confidence": round(float(claim.confidence), 3),
        "precision": _v(p.precision),
        "claim_key": claim.claim_key,
        "sources": max(len(srcs), source_count),
        "source_articles": srcs[:MAX_SOURCE_ARTICLES],
        "stances": _stances(claim),
        "date_precision": claim.date_precision,
        "quote_start": claim.quote_start,
        "quote_end": claim.quote_end,
        "mention_start": m.start,
        "mention_end": m.end,
        "resolution": claim.resolution.reason,
        "precision_note": p.precision_note,
        "title": a.title,
        "evidence": claim.evidence,
        "language": a.language,
        "place_local": place_local(claim),
        "claimant_party": getattr(claim, "claimant_party", None),
    }


def place_local(claim: Claim) -> str | None:
    """The place's name in the article's own script and language, in the nominative
    ("Великої Новосілки" -> "Велика Новосілка"); None for articles in English."""
    lang = claim.article.language
    if lang not in ("uk", "ru"):
        return None
    raw = claim.place.raw or {}
    if lang == "uk" and raw.get("name_uk"):
        return raw["name_uk"]
    from gazetteer.forms import nominative

    return nominative(claim.resolution.mention.text, lang)


def feature(claim: Claim, *, sources: Sequence[str] = (), source_count: int = 0) -> dict[str, Any]:
    """One GeoJSON Feature.  GeoJSON (RFC 7946) orders coordinates ``[lon, lat]``: the model's
    ``lat, lon`` is swapped here and nowhere else, rounded to 7 decimals (about 1 cm)."""
    p = claim.place
    return {
        "type": "Feature",
        "id": claim.claim_id,
        "geometry": {"type": "Point", "coordinates": [round(p.lon, 7), round(p.lat, 7)]},
        "properties": properties(claim, sources=sources, source_count=source_count),
    }


def unresolved_record(u: Unresolved) -> dict[str, Any]:
    return {"article": u.article, "mention": u.mention, "start": u.start, "end": u.end,
            "reason": u.reason}


def _sources(article: str, listed: list[str], count: int) -> tuple[list[str], int]:
    """``source_articles`` and ``sources`` of one feature of ``article``, given the first
    articles (sorted) and the number of articles that carry its claim_key."""
    srcs = listed
    if srcs and article not in srcs:
        srcs = sorted(srcs[:MAX_SOURCE_ARTICLES - 1] + [article])
    if article not in srcs:
        srcs = sorted(set(srcs) | {article})
    return srcs[:MAX_SOURCE_ARTICLES], max(len(srcs), count)


def feature_collection(claims: Iterable[Claim], unresolved: Iterable[Unresolved] = ()) -> dict:
    """A FeatureCollection of claims, with corroboration filled in across articles.

    Claims sharing a ``claim_key`` list each other's articles in ``source_articles``; each
    article keeps its own feature.  Unresolved mentions go in a foreign member ``unresolved``
    (RFC 7946 section 6.1), so nothing is dropped silently.  :class:`CollectionSpool` builds
    the same collection for a corpus of any size in bounded memory.
    """
    claims = list(claims)
    by_key: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.event is not Event.MENTION:
            by_key[c.claim_key].add(c.article.id)
    listed = {k: sorted(v)[:MAX_SOURCE_ARTICLES] for k, v in by_key.items()}  # once per key
    feats = []
    for c in claims:
        f = feature(c)
        f["properties"]["source_articles"], f["properties"]["sources"] = _sources(
            c.article.id, listed.get(c.claim_key, []), len(by_key.get(c.claim_key, ())))
        feats.append(f)
    feats.sort(key=lambda f: (f["properties"]["article"], f["properties"]["quote_start"],
                              f["properties"]["mention_start"], f["id"]))
    return {
        "type": "FeatureCollection",
        "features": feats,
        "unresolved": [unresolved_record(u) for u in unresolved],
    }


class CollectionSpool:
    """:func:`feature_collection` for a corpus of any size, in memory flat in its size.

    Features are spooled to an on-disk SQLite table as each article is extracted, with a
    (claim_key, article) index for corroboration; :meth:`write` then streams the sorted,
    corroborated collection out, byte for byte what ``json.dumps(feature_collection(...),
    ensure_ascii=False, indent=1)`` gives.

        with CollectionSpool() as spool:
            for ex in extractions:
                spool.add(ex.claims, ex.unresolved)
            spool.write(sys.stdout)
    """

    def __init__(self, directory: str | None = None):
        import sqlite3
        import tempfile

        self._dir = tempfile.TemporaryDirectory(prefix="frontline-spool-", dir=directory)
        self.db = sqlite3.connect(f"{self._dir.name}/spool.sqlite", isolation_level=None)
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA cache_size = -16000")  # 16 MB
        self.db.execute("BEGIN")
        self.db.execute("CREATE TABLE feats (article TEXT, qs INTEGER, ms INTEGER, id TEXT, "
                        "body TEXT)")
        self.db.execute("CREATE TABLE src (claim_key TEXT, article TEXT)")
        self.db.execute("CREATE TABLE unres (body TEXT)")
        self.features = self.front_line = self.unresolved = 0
        self.first_unresolved: list[dict] = []

    def add(self, claims: Iterable[Claim], unresolved: Iterable[Unresolved] = ()) -> None:
        import json

        for c in claims:
            f = feature(c)
            p = f["properties"]
            self.db.execute("INSERT INTO feats VALUES (?, ?, ?, ?, ?)",
                            (p["article"], p["quote_start"], p["mention_start"], f["id"],
                             json.dumps(f, ensure_ascii=False)))
            if c.event is not Event.MENTION:
                self.db.execute("INSERT INTO src VALUES (?, ?)", (c.claim_key, c.article.id))
            self.features += 1
            self.front_line += c.event.front_line
        for u in unresolved:
            rec = unresolved_record(u)
            self.db.execute("INSERT INTO unres VALUES (?)", (json.dumps(rec, ensure_ascii=False),))
            if len(self.first_unresolved) < 20:
                self.first_unresolved.append(rec)
            self.unresolved += 1

    def write(self, out, extra: dict | None = None) -> None:
        """Write the collection (and ``extra`` members, e.g. ``skipped``) to the text file ``out``."""
        import json

        db = self.db
        db.execute("CREATE INDEX src_key ON src (claim_key, article)")
        db.execute("CREATE INDEX feats_order ON feats (article, qs, ms, id)")

        def block(obj: Any) -> str:
            return "\n".join("  " + line for line in
                             json.dumps(obj, ensure_ascii=False, indent=1).split("\n"))

        cache: dict[str, tuple[list[str], int]] = {}
        out.write('{\n "type": "FeatureCollection",\n "features": [')
        n = 0
        for (body,) in db.execute("SELECT body FROM feats ORDER BY article, qs, ms, id"):
            f = json.loads(body)
            p = f["properties"]
            key = p["claim_key"]
            if key not in cache:
                if len(cache) > 50_000:
                    cache.clear()
                rows = db.execute("SELECT DISTINCT article FROM src WHERE claim_key = ? "
                                  "ORDER BY article LIMIT ?", (key, MAX_SOURCE_ARTICLES)).fetchall()
                count = db.execute("SELECT COUNT(DISTINCT article) FROM src WHERE claim_key = ?",
                                   (key,)).fetchone()[0] if len(rows) == MAX_SOURCE_ARTICLES \
                    else len(rows)
                cache[key] = ([r[0] for r in rows], count)
            p["source_articles"], p["sources"] = _sources(p["article"], *cache[key])
            out.write(("\n" if n == 0 else ",\n") + block(f))
            n += 1
        out.write("\n ],\n" if n else "],\n")
        members = [("unresolved", (json.loads(b) for (b,) in
                                   db.execute("SELECT body FROM unres ORDER BY rowid")))]
        members += [(k, iter(v)) for k, v in (extra or {}).items()]
        for i, (name, items) in enumerate(members):
            out.write(f" {json.dumps(name)}: [")
            m = 0
            for item in items:
                out.write(("\n" if m == 0 else ",\n") + block(item))
                m += 1
            out.write("\n ]" if m else "]")
            out.write(",\n" if i < len(members) - 1 else "\n")
        out.write("}\n")

    def close(self) -> None:
        self.db.close()
        self._dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_STR, _OPT, _NUM, _INT, _STRS = "a string", "a string or null", "a number", "an integer", \
    "a list of strings"
#: The type each property must have (docs/schema.md); checked at the boundary by :func:`validate`.
TYPES: dict[str, str] = {
    **{k: _STR for k in ("claim_id", "article", "mention", "place", "place_id", "quote")},
    **{k: _OPT for k in ("country", "admin1", "claimant", "event_date", "published", "outlet",
                         "url", "claim_key", "date_precision", "resolution", "precision_note",
                         "title", "evidence", "claimant_party")},
    "confidence": _NUM,
    **{k: _INT for k in ("sources", "quote_start", "quote_end", "mention_start", "mention_end")},
    "source_articles": _STRS,
}


def _type_ok(value: Any, kind: str) -> bool:
    if kind == _STR:
        return isinstance(value, str)
    if kind == _OPT:
        return value is None or isinstance(value, str)
    if kind == _NUM:
        return (isinstance(value, (int, float)) and not isinstance(value, bool)
                and math.isfinite(value))
    if kind == _INT:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _short(value: Any) -> str:
    r = repr(value)
    return r if len(r) <= 40 else r[:37] + "..."


def validate(fc: Any, *, where: str = "claims") -> None:
    """Raise :class:`BadClaims` saying what was expected and what arrived."""
    if not isinstance(fc, dict) or fc.get("type") != "FeatureCollection":
        raise BadClaims(f"{where}: expected a GeoJSON FeatureCollection, got "
                        f"{type(fc).__name__ if not isinstance(fc, dict) else fc.get('type')!r}")
    feats = fc.get("features")
    if not isinstance(feats, list):
        raise BadClaims(f"{where}: 'features' must be a list")
    for i, f in enumerate(feats):
        if not isinstance(f, dict):
            raise BadClaims(f"{where}: feature {i} is not an object")
        g = f.get("geometry") or {}
        coords = g.get("coordinates")
        if g.get("type") != "Point" or not (isinstance(coords, list) and len(coords) >= 2
                                             and all(_type_ok(c, _NUM) for c in coords[:2])):
            raise BadClaims(f"{where}: feature {i} needs a Point geometry [lon, lat]")
        lon, lat = coords[:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise BadClaims(f"{where}: feature {i} has coordinates out of range: {coords[:2]}")
        props = f.get("properties")
        if not isinstance(props, dict):
            raise BadClaims(f"{where}: feature {i} has no properties")
        missing = [k for k in CORE_PROPERTIES if k not in props]
        if missing:
            raise BadClaims(f"{where}: feature {i} lacks properties {', '.join(missing)}")
        for key, kind in TYPES.items():
            if (key in props or key in CORE_PROPERTIES) and not _type_ok(props.get(key), kind):
                raise BadClaims(f"{where}: feature {i}: {key!r} must be {kind}, got "
                                f"{type(props.get(key)).__name__} ({_short(props.get(key))})")
        for key, allowed in VOCABULARIES.items():
            if not isinstance(props.get(key), (str, type(None))) or props.get(key) not in allowed:
                raise BadClaims(f"{where}: feature {i} has {key}={props.get(key)!r}; expected one "
                                f"of {sorted(str(a) for a in allowed)}")


def dumps(fc: dict) -> str:
    """A FeatureCollection as Frontline writes it: UTF-8 JSON, one property per line."""
    import json

    return json.dumps(fc, ensure_ascii=False, indent=1) + "\n"
