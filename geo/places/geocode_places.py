"""Online geocoder answers -> :class:`geo.model.Place`: pure functions, one per service.

Every field of an answer is untrusted: coordinates must be finite and in range, ids must be
digits, text is cut to one printable line.  Records that are not places a war report locates
(roads, shops, buildings) are refused, with a short reason.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from geo.model import Place, PlaceType, Precision

_SETTLEMENTS = frozenset({"city", "town", "village", "hamlet", "suburb", "quarter",
                          "neighbourhood", "isolated_dwelling", "locality", "borough",
                          "city_block", "farm", "allotments", "croft", "urban"})
_REGIONS = frozenset({"state", "region", "province", "county", "district", "municipality",
                      "state_district", "subdistrict"})
_WATER = frozenset({"water", "bay", "strait", "river", "canal", "stream", "reservoir", "lake",
                    "sea", "ocean", "wetland", "riverbank", "lagoon"})
_FEATURES = frozenset({("aeroway", "aerodrome"), ("railway", "station"), ("man_made", "bridge"),
                       ("man_made", "dam"), ("waterway", "dam"), ("power", "plant"),
                       ("bridge", "yes")})
_OSM_TYPES = {"node": "N", "way": "W", "relation": "R", "n": "N", "w": "W", "r": "R"}
_OSM_NAMES = {"N": "node", "W": "way", "R": "relation"}
_GEONAMES_CLASSES = {"P": PlaceType.SETTLEMENT, "A": PlaceType.REGION, "H": PlaceType.WATER,
                     "S": PlaceType.OTHER, "T": PlaceType.OTHER, "L": PlaceType.OTHER,
                     "V": PlaceType.OTHER, "U": PlaceType.OTHER}  # R (roads) is refused


def clean(text: Any, limit: int = 80) -> str:
    """Server-provided text made safe for a reason or a name: one printable line, short.

    >>> clean("Kyiv\\n\\x1b[31m  Oblast", 12)
    'Kyiv [31m O…'
    """
    s = " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def coordinate(value: Any, bound: float) -> float | None:
    """``float(value)`` when finite and within ``±bound``, else None."""
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return x if math.isfinite(x) and -bound <= x <= bound else None


def country_code(value: Any) -> str | None:
    """An ISO 3166-1 alpha-2 code in upper case, or None (``"ua"`` -> ``"UA"``)."""
    s = str(value or "").strip().upper()
    return s if re.fullmatch(r"[A-Z]{2}", s) else None


def nominatim_kind(cls: str, typ: str, addresstype: str = "") -> PlaceType | None:
    """The place type of a Nominatim record from its class, type and addresstype.

    ``None`` for things that are not places a war report locates (roads, shops, buildings).

    >>> nominatim_kind("boundary", "administrative", "state")
    <PlaceType.REGION: 'region'>
    >>> nominatim_kind("highway", "residential") is None
    True
    """
    if cls == "place":
        if typ == "country":
            return PlaceType.COUNTRY
        if typ in _SETTLEMENTS:
            return PlaceType.SETTLEMENT
        if typ in _REGIONS:
            return PlaceType.REGION
        if typ in ("sea", "ocean"):
            return PlaceType.WATER
        if typ in ("island", "islet", "archipelago", "peninsula"):
            return PlaceType.OTHER
        return None
    if cls == "boundary" and typ == "administrative":
        if addresstype == "country":
            return PlaceType.COUNTRY
        return PlaceType.SETTLEMENT if addresstype in _SETTLEMENTS else PlaceType.REGION
    if cls in ("natural", "waterway", "water") and (cls, typ) not in _FEATURES:
        return PlaceType.WATER if typ in _WATER else PlaceType.OTHER
    if cls == "military" or (cls, typ) in _FEATURES:
        return PlaceType.OTHER
    return None


def nominatim_place(rec: Mapping[str, Any], query: str) -> tuple[Place | None, str]:
    """A Nominatim ``json``/``jsonv2`` record -> ``(place, "")`` or ``(None, why refused)``.

    Id ``nominatim:<N|W|R><osm id>``; precision EXACT for a settlement (its label point) or a
    node, REGION for an area (a boundary, a water body, a way or relation feature).
    """
    osm = _OSM_TYPES.get(str(rec.get("osm_type", "")).lower())
    osm_id = str(rec.get("osm_id", ""))
    cls = str(rec.get("class") or rec.get("category") or "")
    typ = str(rec.get("type") or "")
    label = clean(f"{cls}/{typ}", 40)
    if osm is None or not osm_id.isdigit():
        return None, f"{label} without an OSM id"
    lat, lon = coordinate(rec.get("lat"), 90), coordinate(rec.get("lon"), 180)
    if lat is None or lon is None:
        return None, f"{label} with invalid coordinates"
    kind = nominatim_kind(cls, typ, str(rec.get("addresstype") or ""))
    if kind is None:
        return None, label
    address = rec.get("address") if isinstance(rec.get("address"), dict) else {}
    exact = kind is PlaceType.SETTLEMENT or (kind is PlaceType.OTHER and osm == "N")
    display = str(rec.get("display_name") or "").split(",")[0]
    admin1 = address.get("state") or address.get("region")
    return Place(
        id=f"nominatim:{osm}{osm_id}",
        name=clean(rec.get("name") or display or query, 120),
        lat=lat, lon=lon, place_type=kind,
        country=country_code(address.get("country_code")),
        admin1=clean(admin1, 120) if admin1 else None,
        precision=Precision.EXACT if exact else Precision.REGION,
        precision_note=None if exact else (f"representative point of OpenStreetMap "
                                           f"{_OSM_NAMES[osm]} {osm_id} ({label})"),
        source="nominatim", raw=dict(rec),
    ), ""


def geonames_place(rec: Mapping[str, Any], query: str) -> tuple[Place | None, str]:
    """A GeoNames ``searchJSON`` record -> ``(place, "")`` or ``(None, why refused)``.

    Id ``geonames:<geonameId>`` (the offline gazetteer's id space); ``source`` ``geonames-web``.
    """
    gid = str(rec.get("geonameId", ""))
    fcl, fcode = str(rec.get("fcl") or ""), str(rec.get("fcode") or "")
    label = clean(f"{fcl}.{fcode}", 20)
    if not gid.isdigit():
        return None, f"{label} without a GeoNames id"
    lat, lon = coordinate(rec.get("lat"), 90), coordinate(rec.get("lng"), 180)
    if lat is None or lon is None:
        return None, f"{label} with invalid coordinates"
    kind = _GEONAMES_CLASSES.get(fcl)
    if kind is None:
        return None, label
    if fcl == "A" and fcode.startswith("PCL"):
        kind = PlaceType.COUNTRY
    exact = fcl in ("P", "S")
    country = country_code(rec.get("countryCode"))
    code1 = clean(rec.get("adminCode1") or "", 10)
    try:
        population = max(0, int(rec.get("population") or 0))
    except (TypeError, ValueError, OverflowError):
        population = 0
    return Place(
        id=f"geonames:{gid}", name=clean(rec.get("name") or query, 120),
        lat=lat, lon=lon, place_type=kind, country=country,
        admin1=clean(rec["adminName1"], 120) if rec.get("adminName1") else None,
        admin1_code=f"{country}.{code1}" if country and code1 else None,
        population=population,
        precision=Precision.EXACT if exact else Precision.REGION,
        precision_note=None if exact else f"representative point of GeoNames {label}",
        source="geonames-web", raw=dict(rec),
    ), ""
