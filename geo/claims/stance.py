"""Article-level stance: every statement about a (place, event) across the article, and the
verification status derived from the whole set.  Language-independent: a reader of any language
(the English parser, the Ukrainian/Russian reader) feeds it :class:`Statement` records.

Stances: ``asserts`` (a source says it happened), ``denies``, ``acknowledges`` (the side it
concerns admits it), ``assesses`` (an independent assessor: ISW, DeepState, analysts),
``unconfirmed`` (the other side will not confirm it), ``unverified`` (the outlet cannot verify).

Status of a claim from the whole set, strongest first:

- denied by another party anywhere in the article -> ``disputed``;
- acknowledged by another party (or the claim is the losing side's own admission) ->
  ``confirmed``;
- the outlet cannot verify it, or the other side will not confirm it -> ``unverified``;
- an assessor's own statement -> ``assessed``; a party's -> ``claimed``; the outlet's narration
  -> ``reported``.

A statement with no place ("Kyiv rejected the claim", "the reports could not be verified")
targets the claims of the sentences just before it (``reach``), or a wider window when it speaks
of a group of claims (``group``).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from geo.model import Event, Status

#: events a statement about control ("Kyiv denied Russia controlled X") speaks of together
GAIN = frozenset({Event.CAPTURED, Event.HELD})
NEUTRAL = frozenset({None, "independent"})
REACH = 3  # sentences back that a placeless denial or acknowledgement reaches
HEDGE_WINDOW = 5  # sentences back that a group hedge ("the reports of the advance") covers
#: The cost cap of one article (issue 19): the readers (geo.claims.tag, geo.claims.slavic) take
#: at most this many statements of one event at one place (each is weighed against the others
#: here: quadratic in them) and count the rest in the first claim's evidence.  Real reporting
#: repeats one (place, event) a handful of times (at most 7 stances on the 40 dev articles).
MAX_STATEMENTS = 32


@dataclass(slots=True)
class Statement:
    place: str | None  # the place id, None for a statement about "the claim"
    event: Event | None
    source: str | None  # canonical claimant; None: the outlet itself
    side: str | None  # russia / ukraine / a party id / independent / None
    stance: str
    sentence: int
    quote: str
    assessor: bool = False
    owner: str | None = None  # the side whose gain the statement is about (the actor)
    group: bool = False  # a hedge over a group of claims
    targets: list[int] = field(default_factory=list)  # claims a placeless statement reaches


@dataclass(slots=True)
class Verdict:
    status: Status
    note: str
    stances: list[dict]


def _family(e: Event | None) -> frozenset | None:
    if e is None:
        return None
    return GAIN if e in GAIN else frozenset({e})


def _about(s: Statement, claim: Statement) -> bool:
    if s.place is None or s.place != claim.place:
        return False
    fam = _family(s.event)
    return fam is None or claim.event in fam


def resolve(claims: list[Statement], others: list[Statement]) -> list[Verdict]:
    """A verdict for each claim statement, from the claims and the other statements of the
    article (denials, acknowledgements, hedges, assessments)."""
    # indexes (by sentence, by place) instead of a scan of every claim per statement and per
    # claim (issue 19: quadratic in the claims of an article); same statements, same order
    by_sentence = sorted((c.sentence, i) for i, c in enumerate(claims))
    keys = [x for x, _ in by_sentence]
    for s in others:
        if s.place is not None:
            continue
        back = HEDGE_WINDOW if s.group else (REACH if s.stance == "denies" else 1)
        lo = s.sentence - back
        span = by_sentence[bisect_left(keys, lo):bisect_right(keys, s.sentence)]
        # the outlet's own hedge in the sentence of its own narration ("X has reportedly
        # fallen") reaches that narration too
        fam = _family(s.event)  # a denial that names its event reaches that event only
        s.targets = [i for i in sorted(i for _, i in span) if (
            claims[i].source is not None or (s.stance == "unverified"
                                             and claims[i].sentence == s.sentence))
                     and (fam is None or claims[i].event in fam)
                     and (s.stance == "unverified" or _other(s.side, claims[i]))]
    claims_at: dict[str, list[int]] = {}
    others_at: dict[str, list[int]] = {}
    reached: dict[int, list[int]] = {}
    for i, c in enumerate(claims):
        if c.place is not None:
            claims_at.setdefault(c.place, []).append(i)
    for j, s in enumerate(others):
        if s.place is not None:
            others_at.setdefault(s.place, []).append(j)
        for i in s.targets:
            reached.setdefault(i, []).append(j)
    out = []
    for i, c in enumerate(claims):
        near = [j for j in others_at.get(c.place, ()) if _about(others[j], c)]
        related = [others[j] for j in sorted(set(near + reached.get(i, [])))]
        related += [claims[j] for j in claims_at.get(c.place, ()) if claims[j] is not c
                    and _about(claims[j], c) and claims[j].source != c.source]
        out.append(_verdict(c, related))
    return out


def _other(side: str | None, claim: Statement) -> bool:
    """True when ``side`` is a party other than the one the claim speaks for or is about."""
    if side in NEUTRAL:
        return False
    owner = claim.side if claim.side not in NEUTRAL else claim.owner
    return owner is not None and owner != side


def _verdict(c: Statement, related: list[Statement]) -> Verdict:
    stances = [_record(c)] + [_record(s) for s in related]
    deny = [s for s in related if s.stance == "denies" and _other(s.side, c)]
    if deny:
        return Verdict(Status.DISPUTED, f"status: denied by {_who(deny[0])}", stances)
    if c.stance == "acknowledges":
        return Verdict(Status.CONFIRMED, "status: acknowledged by the side it concerns", stances)
    ack = [s for s in related if s.stance == "acknowledges" and _other(s.side, c)]
    if ack:
        return Verdict(Status.CONFIRMED, f"status: acknowledged by {_who(ack[0])}", stances)
    hedge = [s for s in related if s.stance in ("unverified", "unconfirmed")]
    own = c.source is None and any(s.stance == "unverified" and s.sentence == c.sentence
                                   for s in hedge)  # "X has reportedly fallen"
    if hedge and (c.source is not None or own) and not c.assessor:
        return Verdict(Status.UNVERIFIED, f"status: '{hedge[0].quote[:80]}'", stances)
    if c.source is None:
        return Verdict(Status.REPORTED, "", stances)
    if c.assessor:
        return Verdict(Status.ASSESSED, "", stances)
    return Verdict(Status.CLAIMED, "", stances)


def _who(s: Statement) -> str:
    return s.source or "the outlet"


def _record(s: Statement) -> dict:
    return {"source": s.source, "side": s.side, "stance": s.stance, "quote": s.quote}


def dedupe(claims: list) -> list:
    """One claim per (place, event, side, party, status) in an article (both claim engines):
    the first, unless a later one is dated, or dated to an earlier day."""
    best: dict[tuple, object] = {}
    for c in claims:
        key = (c.place.id, c.event, c.claimant_side, c.claimant_party, c.status)
        old = best.get(key)
        if old is None or c.event_date and not old.event_date or (
                c.event_date and old.event_date and c.date_precision == old.date_precision
                and c.event_date < old.event_date):
            best[key] = c  # a dated restatement wins; of two days, the earlier is the event's
    return list(best.values())
