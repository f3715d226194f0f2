"""The claims schema: a claim as a flat record and a GeoJSON feature (the one place where
``lat, lon`` becomes ``[lon, lat]``), the FeatureCollection with corroboration, and its validation.

Core: the ledger stores these records and every publish format builds on them.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from geo.errors import BadClaims
from geo.model import Actor, Claim, Event, PlaceType, Precision, Side, Status, Unresolved

#: The claims schema: every feature carries exactly these core properties (docs/schema.md).
CORE_PROPERTIES = (
    "claim_id", "article", "mention", "place", "place_id", "place_type", "country", "admin1",
    "event", "actor", "claimant", "claimant_side", "status", "event_date", "published", "outlet",
    "url", "quote", "confidence", "precision",
)
#: Evidence and corroboration properties that follow the core ones (docs/schema.md).
EXTRA_PROPERTIES = (
    "claim_key", "sources", "source_articles", "date_precision", "quote_start", "quote_end",
    "mention_start", "mention_end", "resolution", "precision_note", "title", "evidence",
    "language", "place_local",  # ukru: the article's language; the place as the text names it
)
PROPERTIES = CORE_PROPERTIES + EXTRA_PROPERTIES

VOCABULARIES: dict[str, set[Any]] = {
    "event": {e.value for e in Event},
    "actor": {a.value for a in Actor} | {None},
    "claimant_side": {s.value for s in Side} | {None},
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


def feature_collection(claims: Iterable[Claim], unresolved: Iterable[Unresolved] = ()) -> dict:
    """A FeatureCollection of claims, with corroboration filled in across articles.

    Claims sharing a ``claim_key`` list each other's articles in ``source_articles``; each
    article keeps its own feature.  Unresolved mentions go in a foreign member ``unresolved``
    (RFC 7946 section 6.1), so nothing is dropped silently.
    """
    claims = list(claims)
    by_key: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.event is not Event.MENTION:
            by_key[c.claim_key].add(c.article.id)
    listed = {k: sorted(v)[:MAX_SOURCE_ARTICLES] for k, v in by_key.items()}  # once per key
    feats = []
    for c in claims:
        srcs = listed.get(c.claim_key, [])
        if srcs and c.article.id not in srcs:
            srcs = sorted(srcs[:MAX_SOURCE_ARTICLES - 1] + [c.article.id])
        feats.append(feature(c, sources=srcs, source_count=len(by_key.get(c.claim_key, ()))))
    feats.sort(key=lambda f: (f["properties"]["article"], f["properties"]["quote_start"],
                              f["properties"]["mention_start"], f["id"]))
    return {
        "type": "FeatureCollection",
        "features": feats,
        "unresolved": [unresolved_record(u) for u in unresolved],
    }


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
                                             and all(isinstance(c, (int, float)) for c in coords[:2])):
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
        for key, allowed in VOCABULARIES.items():
            if props.get(key) not in allowed:
                raise BadClaims(f"{where}: feature {i} has {key}={props.get(key)!r}; expected one "
                                f"of {sorted(str(a) for a in allowed)}")


def dumps(fc: dict) -> str:
    """A FeatureCollection as Frontline writes it: UTF-8 JSON, one property per line."""
    import json

    return json.dumps(fc, ensure_ascii=False, indent=1) + "\n"
