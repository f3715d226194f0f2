"""Demonyms and national adjectives ("Canadian", "Spanish", "Kazakh"): not places, but words
that point at one.

The recognizer never takes them for places (a "Canadian company" is not Canadian, Texas);
the resolver, when handed one (an evaluation file that marks "Canadian" as a toponym, a
user's own mention list), places it at the country it names rather than at a namesake town.

Sources: the ``demonym`` field of the ``countryinfo`` package's country files (MIT), the most
populous country winning where several share one ("French", "Indian"); plus the adjectives of
the constituent nations and peoples that are not countries there (``EXTRA``).
"""
from __future__ import annotations

import json
from functools import lru_cache

from geo.model import PlaceType
from geo.text import fold

_AREAS = (PlaceType.COUNTRY, PlaceType.REGION, PlaceType.OTHER)

#: National adjectives countryinfo does not give, each -> the name of the place it points at.
EXTRA = {
    "english": "England", "scottish": "Scotland", "scots": "Scotland", "welsh": "Wales",
    "northern irish": "Northern Ireland", "kazakh": "Kazakhstan", "uzbek": "Uzbekistan",
    "kyrgyz": "Kyrgyzstan", "tajik": "Tajikistan", "afghan": "Afghanistan",
    "filipino": "Philippines", "philippine": "Philippines", "dutch": "Netherlands",
    "saudi": "Saudi Arabia", "emirati": "United Arab Emirates", "bosnian": "Bosnia and Herzegovina",
    "congolese": "Democratic Republic of the Congo", "ivorian": "Ivory Coast",
    "north korean": "North Korea", "south korean": "South Korea", "korean": "South Korea",
    "vietnamese": "Vietnam", "burmese": "Myanmar", "laotian": "Laos", "syrian": "Syria",
    "palestinian": "Palestine", "european": "Europe", "african": "Africa", "asian": "Asia",
    "latin american": "South America", "new zealander": "New Zealand", "kiwi": "New Zealand",
    "crimean": "Crimea", "chechen": "Chechnya", "kurdish": "Kurdistan", "tatar": "Tatarstan",
}


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Folded demonym -> the name of the place it points at (a country, nation or continent)."""
    from gazetteer.build import _package_file

    best: dict[str, tuple[int, str]] = {}
    folder = _package_file("countryinfo", "data")
    for path in sorted(folder.glob("*.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        name, pop = d.get("name"), int(d.get("population") or 0)
        for dem in str(d.get("demonym") or "").split(","):
            key = " ".join(fold(dem).split())
            if not key or not name or key == " ".join(fold(name).split()):
                continue  # "Gibraltar" is its own demonym there: a name, not an adjective
            if key not in best or best[key][0] < pop:
                best[key] = (pop, name)
    out = {k: v for k, (_, v) in best.items()}
    out.update(EXTRA)
    return out


def demonym_place(key: str, gz):
    """The country (or nation, continent) a folded demonym points at, from the gazetteer."""
    name = demonyms().get(key)
    if name is None:
        return None
    cands = gz.candidates(" ".join(fold(name).split()))
    big = [c for c in cands if c.place.place_type in _AREAS]
    if not big:
        return None
    return max(big, key=lambda c: (c.place.place_type is PlaceType.COUNTRY, c.main_name,
                                   c.place.population)).place
