"""Distances on the sphere, in kilometres (lat, lon in degrees, as in the model)."""
from __future__ import annotations

import math

EARTH_KM = 6371.0


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance.

    >>> round(km(48.28014, 37.17706, 48.3099, 37.26513), 1)   # Pokrovsk - Myrnohrad
    7.3
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def approx_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: within a few percent of :func:`km` over a few hundred km,
    and cheap enough to compare every candidate with every other place of an article."""
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) * 0.5))
    return 111.195 * math.hypot(x, lat2 - lat1)
