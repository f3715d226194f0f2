"""Attribution without a parser: the source nearest an event among the sentence's
"X said" / "according to X" / "X's claims that" frames (patterns in ``geo/lang/<code>/
reporting.toml``).  Used when the parser is off (``FRONTLINE_PARSER=0``) or a sentence was
not parsed; the parse-based reader (:mod:`geo.claims.reader`) is the default.
"""
from __future__ import annotations

import bisect
import functools
import re

from geo.claims.lexicon import ACTOR_RES, CLAIMANT_RES
from geo.lang import load
from geo.model import Actor, Event, Side

_GENERIC_SOURCES = {"analysts"}


@functools.cache
def _rx(name: str, file: str = "reporting") -> re.Pattern[str]:
    return load("en").regex(file, name)


@functools.lru_cache(maxsize=4096)
def sources(sentence: str) -> tuple[tuple[int, int, str, object, str, str, bool], ...]:
    """Every attributed source of a sentence: (start, end, name, side, frame, text, may_follow)."""
    out = []
    taken: list[tuple[int, int]] = []
    for rx, name, side in CLAIMANT_RES:
        for m in rx.finditer(sentence):
            a, b = m.start(), m.end()
            if any(x < b and a < y for x, y in taken):
                continue
            taken.append((a, b))
            after = sentence[b:b + 60]
            before = sentence[max(0, a - 20):a]
            frame = None
            if _rx("according").search(before):
                frame = "according to"
            elif _rx("claims_that").match(after) or _rx("claim_word").search(m.group(0)):
                frame = "claims that"
            elif _rx("speech_after").match(after) or _rx("speech_before").search(sentence[max(0, a - 40):a]):
                frame = "said"
            if frame is None:
                continue
            # a source named after the event counts only as "..., X said" (not "which X say")
            may_follow = frame == "said" and not _rx("relative_before").search(sentence[:a]) \
                and bool(re.search(r",\s*(?:\S+\s+){0,4}$", sentence[:a]) or (
                    len(sentence) - b <= 40 and _rx("said_at_end").search(sentence[b:])))
            out.append((a, b, name, side, frame, m.group(0), may_follow))
    if not any(o[2] in _GENERIC_SOURCES for o in out):
        return tuple(out)
    named = [(a, name) for a, _, name, *_ in out if name not in _GENERIC_SOURCES]
    out = [o for o in out if o[2] not in _GENERIC_SOURCES or not any(
        0 < a2 - o[1] <= 25 and re.fullmatch(r"[^\s,.;:]*(?:\s+[^\s,.;:]+)*\s*", sentence[o[1]:a2])
        and n2 != o[2] for a2, n2 in named)]
    return tuple(out)


def claimant(sentence: str, offset: int, pos: int) -> tuple[str | None, object, str, int]:
    """(claimant, side, cue, position) for the event at ``pos``: the nearest attributed source."""
    t = pos - offset
    best = None
    for a, b, name, side, frame, text, may_follow in sources(sentence):
        if frame == "according to":
            dist = abs(t - a) * 0.5  # "according to X" covers the whole sentence
        elif a <= t:
            dist = t - a
        elif may_follow:
            dist = (a - t) * 1.5  # "..., the governor said." / "..., the ministry said, ..."
        else:
            continue  # a source after the event, inside another clause, is not its claimant
        if best is None or dist < best[0]:
            best = (dist, name, side, f"{frame} '{text}'", offset + a)
    if best is None:
        return None, None, "", -1
    return best[1], best[2], best[3], best[4]


@functools.lru_cache(maxsize=64)
def _cues(sentence: str) -> tuple[bool, bool]:
    """"its/our/their forces" and a holder named Ukraine (actors.toml), read once per
    sentence."""
    return (bool(_rx("own_forces", "actors").search(sentence)),
            bool(_rx("holder_ukraine", "actors").search(sentence)))


@functools.lru_cache(maxsize=64)
def _actor_phrases(sentence: str) -> tuple[list[int], list[tuple[int, int, str, int]]]:
    """The actor phrases of a sentence: their starts (sorted) and (start, lexicon order,
    actor, end) for each."""
    found = sorted((m.start(), n, actor, m.end()) for n, (actor, rx) in enumerate(ACTOR_RES)
                   for m in rx.finditer(sentence))
    return [f[0] for f in found], found


@functools.cache
def _repelling():
    """The verbs that turn an attack into a place held (events.toml ``repelled_by``), as stems."""
    stems = [w[:-1] if w.endswith("e") else w for w in load("en").words("events", "repelled_by")]
    return re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, stems)) + ")")


def actor(sentence: str, offset: int, pos: int, event, side) -> Actor | None:
    """The side nearest the event among the actor phrases (actors.toml)."""
    t = pos - offset
    best = None
    starts, found = _actor_phrases(sentence)
    i = bisect.bisect_right(starts, t)
    # the nearest phrase is the last one starting at or before the event or the first after
    # it (a binary search over the sentence's phrases, found once per sentence: issue 19);
    # ties go to the actor listed first, as a scan in lexicon order would give
    near = [f for j in (i - 1, i) if 0 <= j < len(starts)
            for f in found[bisect.bisect_left(starts, starts[j]):bisect.bisect_right(starts, starts[j])]]
    for start, order, actor, end in sorted(near, key=lambda f: (f[1], f[0])):
        d = t - start if start <= t else (start - t) * 1.5
        value = actor
        if event is Event.CAPTURED and _rx("out_of", "actors").match(sentence[end:end + 12]):
            value = "ukraine" if actor == "russia" else "russia"  # "pushed Ukrainian troops out of"
        elif event is Event.HELD and start > t and actor in ("russia", "ukraine") and \
                _repelling().search(sentence[t:start]):
            value = "ukraine" if actor == "russia" else "russia"  # "repelled Russian assaults"
        if best is None or d < best[0]:
            best = (d, value)
    if best is not None and best[0] < 160:
        return Actor(best[1])
    own_forces, ukraine = _cues(sentence)
    value = getattr(side, "value", side)  # a Side, or a party id ("russia") from other_side()
    if own_forces and side in (Side.RUSSIA, Side.UKRAINE):
        return Actor(value)
    if event in (Event.CAPTURED, Event.ADVANCING, Event.ENCIRCLED) and side in (
            Side.RUSSIA, Side.UKRAINE):
        return Actor(value)
    if event is Event.HELD:
        return Actor.UKRAINE if ukraine else None
    return None
