"""The data model shared by every stage: articles, mentions, places, resolutions and claims.

Coordinates are ``lat, lon`` everywhere in the model; they become GeoJSON's ``[lon, lat]`` in
exactly one function, :func:`geo.publish.export.feature`.

Closed vocabularies are ``str`` enums so they serialise unchanged::

    >>> Event("captured") is Event.CAPTURED
    True
    >>> json.dumps(Event.CAPTURED)
    '"captured"'
"""
from __future__ import annotations

import hashlib
import json  # noqa: F401  (used in the doctest above)
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping


class Event(str, Enum):
    CAPTURED = "captured"
    ADVANCING = "advancing"
    FIGHTING = "fighting"
    ENCIRCLED = "encircled"
    STRIKE = "strike"
    EVACUATION = "evacuation"
    HELD = "held"
    THREATENED = "threatened"
    DIPLOMACY = "diplomacy"
    MENTION = "mention"

    @property
    def front_line(self) -> bool:
        """True for events that happen on the ground (not diplomacy or a bare mention)."""
        return self not in (Event.DIPLOMACY, Event.MENTION)


class Actor(str, Enum):
    RUSSIA = "russia"
    UKRAINE = "ukraine"
    OTHER = "other"


class Side(str, Enum):
    """Which side a claimant speaks for."""

    RUSSIA = "russia"
    UKRAINE = "ukraine"
    INDEPENDENT = "independent"


class Status(str, Enum):
    CLAIMED = "claimed"  # a party's claim with no verification statement
    UNVERIFIED = "unverified"  # the outlet says it could not verify it
    DISPUTED = "disputed"  # the other side rejects or denies it
    CONFIRMED = "confirmed"  # acknowledged by the other side or independently verified
    ASSESSED = "assessed"  # analysts / OSINT maps (DeepState, ISW)
    REPORTED = "reported"  # the outlet's own statement of fact


class PlaceType(str, Enum):
    SETTLEMENT = "settlement"
    REGION = "region"
    COUNTRY = "country"
    WATER = "water"
    OTHER = "other"


class Precision(str, Enum):
    """How exact a place's coordinate is."""

    EXACT = "exact"  # the place's own coordinate from a gazetteer or a cited source
    APPROXIMATE = "approximate"  # a stand-in point nearby (e.g. the hromada centre)
    REGION = "region"  # a representative point of an area (oblast, country, river)
    HROMADA = "hromada"  # somewhere in its hromada: the outline's representative point


FRONT_LINE_EVENTS = frozenset(e for e in Event if e.front_line)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article.

    ``id`` is the display id: the file name (``name#N`` for the N-th record of a file), or the
    path as given when two inputs of one run share a file name.  ``key`` is the identity the
    ledger keys on (docs/schema.md, "Article identity"): the resolved source path, plus the
    record's ``id``, its URL or its content hash for a record of a JSON/JSON Lines file.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    outlet: str | None = None
    path: str | None = None
    key: str | None = None
    language: str | None = None  # ISO 639-1 code (geo.lang.detect), None: not detected

    @property
    def identity(self) -> str:
        """What the ledger keys this article on (``key``, or ``id`` when none was set)."""
        return self.key or self.id

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of article text that names a place: ``article.text[start:end] == text``."""

    text: str
    start: int
    end: int
    name: str  # the gazetteer key it matched (normalised form)


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    id: str  # e.g. "geonames:704422", "katottg:UA14160210290044318", "ne:UA-14"
    name: str
    lat: float
    lon: float
    place_type: PlaceType = PlaceType.SETTLEMENT
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # English name of the first-level region, e.g. "Donetsk Oblast"
    admin1_code: str | None = None  # "CC.code" as GeoNames writes it, e.g. "UA.05"
    population: int = 0
    precision: Precision = Precision.EXACT
    precision_note: str | None = None  # e.g. "hromada centre (Myrnohrad)"
    source: str = "geonames"
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer answer for a name, with the evidence of how the name matched."""

    place: Place
    matched: str  # the name that matched
    main_name: bool  # True when it is the place's own (current) name, False for an alternate
    weight: float = 1.0  # < 1 for noisy alternate names (short, common words, another place's name)


@dataclass(frozen=True, slots=True)
class Resolution:
    """A mention and the place chosen for it (or why none was)."""

    mention: Mention
    place: Place | None
    confidence: float = 0.0
    reason: str = ""
    role: str = "place"  # "place" | "actor" (metonym: "Moscow said") | "demonym" | "not-place"

    @property
    def resolved(self) -> bool:
        return self.place is not None


@dataclass(frozen=True, slots=True)
class Claim:
    """What an article says about one place: the event, who acts, who says so and how sure it is."""

    article: Article
    resolution: Resolution
    event: Event = Event.MENTION
    actor: Actor | None = None
    claimant: str | None = None
    claimant_side: Side | str | None = None  # russia / ukraine / independent (schema vocabulary)
    status: Status = Status.REPORTED
    event_date: str | None = None
    date_precision: str | None = None  # day | month | year
    quote: str = ""
    quote_start: int = 0
    quote_end: int = 0
    confidence: float = 0.0
    evidence: str = ""  # which cue decided the event/claimant/status
    serial: int = 0  # > 0 only for a claim whose id would repeat one earlier in its article
    stances: tuple = ()  # every statement about this (place, event) in the article: dicts of
    #                      source, side, stance (asserts/denies/acknowledges/...), quote
    claimant_party: str | None = None  # another war's party id (geo/lang/conflicts.toml): the
    #                                    claimant's side there; claimant_side is then independent

    @property
    def place(self) -> Place:
        assert self.resolution.place is not None
        return self.resolution.place

    @property
    def claim_id(self) -> str:
        """Stable id of this (article, place, claim): same input, same id, on every run."""
        m = self.resolution.mention
        key = "|".join(
            [self.article.id, self.place.id, self.event.value, m.text, str(m.start),
             str(self.quote_start)] + ([str(self.serial)] if self.serial else [])
        )
        return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    @property
    def claim_key(self) -> str:
        """Corroboration key: the same claim reported by several articles shares it.

        Built from place, event, actor, claimant side and a date window (the ISO week of the
        event date, or of the publication date when the text gives no event date).
        """
        day = self.event_date or self.article.published or ""
        window = iso_week(day) if day else "undated"
        key = "|".join(
            [self.place.id, self.event.value, self.actor.value if self.actor else "-",
             getattr(self.claimant_side, "value", self.claimant_side) or "-", window]
        )
        return hashlib.sha1(key.encode()).hexdigest()[:16]


def iso_week(day: str) -> str:
    """``"2025-11-12"`` -> ``"2025-W46"``; a month or year alone stays as it is."""
    import datetime as _dt

    try:
        y, w, _ = _dt.date.fromisoformat(day[:10]).isocalendar()
    except ValueError:
        return day
    return f"{y}-W{w:02d}"


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A mention the gazetteer could not place, with the reason (reported, never dropped)."""

    article: str
    mention: str
    start: int
    end: int
    reason: str


@dataclass(slots=True)
class Extraction:
    """Everything one run produced for one article."""

    article: Article
    claims: list[Claim] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
