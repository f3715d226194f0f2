"""Merging duplicate claims into one map marker, and the areas of places known only as an area.

Several articles often report the same thing: one marker stands for every claim with the same
(place, event, claimant side, day); its popup says "reported by N sources" and lists them.

A place whose position is only known as an area (``precision`` "hromada", or an "approximate"
stand-in such as a hromada centre) is drawn as that area, never as an exact point: the area comes
from the feature's ``area`` property (a GeoJSON Polygon/MultiPolygon) or, for a settlement with a
KATOTTG id, from its hromada's OSM outline (:mod:`geo.publish.context_layers`).
"""
from __future__ import annotations

import json
from typing import Any, Sequence

from geo.publish.context_layers import geojson_of, hromada_area

#: A merged marker shows the strongest evidence any of its sources gives; a denial wins.
MERGE_ORDER = ("disputed", "confirmed", "assessed", "unverified", "claimed", "reported")
#: Precisions that must never be drawn as an exact point.
AREA_PRECISIONS = ("hromada", "approximate")


def merged_status(statuses: Sequence[str | None]) -> str:
    """The status one marker shows for several sources.

    >>> merged_status(["claimed", "disputed", "claimed"]), merged_status(["claimed", None])
    ('disputed', 'claimed')
    """
    have = {s or "reported" for s in statuses}
    for s in MERGE_ORDER:
        if s in have:
            return s
    return "reported"


def group_records(records: list[dict]) -> list[dict]:
    """Groups of records sharing (place, event, side, day), in first-seen order.

    Each group: ``{"g", "ids" (record indices), "status", "n" (distinct source articles)}``;
    every record gets ``"g"``, its group's index.
    """
    groups: dict[tuple, dict] = {}
    for r in records:
        key = (r["pid"], r["event"], r["side"], r["day"])
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"g": len(groups), "ids": [], "arts": set(), "most": 0}
        g["ids"].append(r["i"])
        g["arts"].update([r.get("article") or f"#{r['i']}", *(r.get("source_articles") or [])])
        g["most"] = max(g["most"], int(r.get("sources") or 1))
        r["g"] = g["g"]
    out = []
    for g in groups.values():
        members = [records[i] for i in g["ids"]]
        out.append({"g": g["g"], "ids": g["ids"],
                    "status": merged_status([m["status"] for m in members]),
                    "n": max(len(g["arts"]), g["most"], len(members))})
    return out


def _area_geometry(value: Any) -> Any:
    import shapely

    if not isinstance(value, dict) or value.get("type") not in ("Polygon", "MultiPolygon"):
        return None
    try:
        g = shapely.make_valid(shapely.from_geojson(json.dumps(value)))
    except (shapely.errors.GEOSException, ValueError, TypeError):
        return None  # a bad area is ignored: the place falls back to a hollow marker
    return g if not g.is_empty and g.area > 0 else None


def place_area(props: dict) -> tuple[str, str, Any] | None:
    """``(key, name, shapely geometry)`` of the area a place is known by, or ``None``.

    Only for area-only precisions; a feature's own ``area`` wins over the hromada lookup.
    """
    if (props.get("precision") or "exact") not in AREA_PRECISIONS:
        return None
    own = _area_geometry(props.get("area"))
    if own is not None:
        name = props.get("area_name") or f"area of {props.get('place') or 'the place'}"
        return (f"area:{props.get('place_id') or props.get('place')}", name, own)
    unit = hromada_area(str(props.get("place_id") or ""))
    if unit is None:
        return None
    name = unit.name if "hromada" in unit.name.lower() else f"{unit.name} hromada"
    return (f"hromada:{unit.code}", name, unit.geom)


def area_payload(name: str, geom: Any) -> dict:
    """What the page needs to draw an area: name, simplified outline, a point inside it."""
    import shapely

    rep = shapely.point_on_surface(geom)
    return {"name": name, "geometry": geojson_of(geom, 0.001),
            "lat": round(rep.y, 5), "lon": round(rep.x, 5)}
