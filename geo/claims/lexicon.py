"""The claim engine's view of a language's data (``geo/lang/<code>/``), compiled once.

This module holds no words: event triggers, actors, claimants and status cues are read from
the language folder (:mod:`geo.lang`) and compiled into the regular expressions the engine
runs.  Every pattern is case-insensitive where the data says ``(?i)``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from geo.lang import load
from geo.lang.prefilter import Alternation, Prefiltered
from geo.model import Event, Side


@dataclass(frozen=True)
class Lexicon:
    """Compiled claim patterns of one language."""

    code: str
    event_patterns: tuple[tuple[Event, str], ...]
    event_res: tuple[tuple[Event, re.Pattern[str]], ...]
    events_re: Alternation  # all triggers as one alternation (group e<N> is trigger N)
    event_of_group: dict[str, Event]
    loser_groups: frozenset[str]  # triggers whose subject lost the place ("withdrew from")
    ground_events: tuple[Event, ...]
    ground_re: Alternation
    hypothetical: re.Pattern[str]
    actor_res: tuple[tuple[str, re.Pattern[str]], ...]
    claimant_res: tuple[tuple[Prefiltered, str, Side | None], ...]
    unverified: re.Pattern[str]
    disputed: re.Pattern[str]
    disputed_after: re.Pattern[str]
    confirmed: re.Pattern[str]
    assessed_claimants: frozenset[str]
    group_scope: re.Pattern[str]


@functools.cache
def lexicon(code: str = "en") -> Lexicon:
    lang = load(code)
    pats = tuple((t.event, p) for t in lang.triggers for p in t.patterns)
    losers = frozenset(f"e{i}" for i, (t, p) in enumerate(
        (t, p) for t in lang.triggers for p in t.patterns) if t.loser)
    ground = tuple(Event(e) for e in lang.raw.get("events.toml", {}).get("ground_events", ()))
    never = r"(?!x)x"
    return Lexicon(
        code=code,
        event_patterns=pats,
        event_res=tuple((e, re.compile(rf"(?i)(?:{p})")) for e, p in pats),
        events_re=Alternation((f"e{i}", p) for i, (_, p) in enumerate(pats)),
        event_of_group={f"e{i}": e for i, (e, _) in enumerate(pats)},
        loser_groups=losers,
        ground_events=ground,
        ground_re=Alternation([(None, p) for e, p in pats if e in ground] or [(None, never)]),
        hypothetical=_status(lang, "hypothetical"),
        actor_res=tuple((a.actor, re.compile(rf"(?i)(?:{p})")) for a in lang.actors
                        for p in a.patterns),
        claimant_res=tuple((Prefiltered(re.compile(rf"(?i)(?:{p})")), c.name, c.party or c.side) for c in lang.claimants
                           for p in c.patterns),
        unverified=_status(lang, "unverified"),
        disputed=_status(lang, "disputed"),
        disputed_after=_status(lang, "disputed_after"),
        confirmed=_status(lang, "confirmed"),
        assessed_claimants=frozenset(lang.raw.get("claimants.toml", {}).get("assessors", ())),
        group_scope=_status(lang, "group_scope"),
    )


def _status(lang, name: str) -> re.Pattern[str]:
    if name not in lang.raw.get("status.toml", {}).get("patterns", {}):
        return re.compile(r"(?!x)x")  # a language without this cue never matches
    return lang.regex("status", name)


def ap_states(code: str = "en") -> dict[str, str]:
    """Abbreviations that stand for a US state after a town ("Gainesville, Va.")."""
    return dict(load(code).raw.get("places.toml", {}).get("abbreviations", {}))


_EN = lexicon("en")
# The English lexicon under the names the engine has always used.
EVENT_PATTERNS = list(_EN.event_patterns)
EVENT_RES = list(_EN.event_res)
EVENTS_RE = _EN.events_re
EVENT_OF_GROUP = _EN.event_of_group
LOSER_GROUPS = _EN.loser_groups
GROUND_EVENTS = _EN.ground_events
GROUND_RE = _EN.ground_re
HYPOTHETICAL = _EN.hypothetical
ACTOR_RES = list(_EN.actor_res)
CLAIMANT_RES = list(_EN.claimant_res)
UNVERIFIED = _EN.unverified
DISPUTED = _EN.disputed
DISPUTED_AFTER = _EN.disputed_after
CONFIRMED = _EN.confirmed
ASSESSED_CLAIMANTS = _EN.assessed_claimants
GROUP_SCOPE = _EN.group_scope
AP_STATES = ap_states("en")
