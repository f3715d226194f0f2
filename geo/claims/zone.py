"""The war zone of an article: where places take events as front-line places do.

Places beyond it (and capitals, which stand for governments) carry an event only when the
event is written right beside them ("talks in Washington on attacks in the Red Sea").
"""
from __future__ import annotations

from collections.abc import Sequence

from geo.model import PlaceType, Resolution

WAR_ZONE = frozenset({"UA", "RU"})


def strong_only(r: Resolution, zone: frozenset = WAR_ZONE) -> bool:
    """Capitals and places beyond the war zone carry an event only when it is right next to them."""
    from geo.places.candidates import _is_capital

    p = r.place
    return (p.country not in zone) or _is_capital(p)


def war_zone(resolutions: Sequence[Resolution]) -> frozenset:
    """The countries an article's war is fought in: Ukraine and Russia, and the countries of
    every war of the registry (geo/lang/conflicts.toml ``countries``) where the article names a
    town or a region ("Beit Lahiya" puts Israel, Gaza and Lebanon in it)."""
    from geo.lang import conflicts_in

    named = {r.place.country for r in resolutions if r.place is not None and r.role == "place"
             and r.place.place_type in (PlaceType.SETTLEMENT, PlaceType.REGION)}
    return WAR_ZONE.union(*(c["countries"] for c in conflicts_in(named)))
