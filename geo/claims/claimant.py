"""Who says it, with what stance, and who did it: the claim engine's questions to the
article's :class:`~geo.claims.reader.Reader`, and the statements handed to
:mod:`geo.claims.stance` for the article-level status.

With the parser the claimant is the source of the innermost reporting frame around the event
(an anaphoric source already resolved), else the speaker of the quotation the sentence is in,
else the author of a primary-source document, else nobody (the outlet's own narration).
Without it, the nearest "X said" frame (:mod:`geo.claims.fallback`).
"""
from __future__ import annotations

from geo.claims import fallback, stance
from geo.claims.lexicon import (
    ASSESSED_CLAIMANTS,
    CONFIRMED,
    DISPUTED,
    DISPUTED_AFTER,
    GROUP_SCOPE,
    UNVERIFIED,
)
from geo.claims.reader import Reader, other_side
from geo.model import Actor, Event, Side, Status

_GAINS = (Event.CAPTURED, Event.ADVANCING, Event.ENCIRCLED)


def side_value(side) -> str | None:
    return side.value if hasattr(side, "value") else side


def attribute(reader: Reader, sents, k: int, place, trig, event: Event, carried: bool) -> dict:
    """claimant, side, stance, enclosing frames, notes, actor for one (place, event) draft."""
    s = sents[k]
    notes: list[str] = []
    claimant = side = None
    st = "asserts"
    around: list = []
    denied_by = None
    cover = reader.frames_at(k, trig.start) if reader.enabled else []
    if cover:
        # a claim inside a denial is the claim of its own asserting frame when it has one
        # ("..., according to the ministry, a claim Kyiv denied"); the denial stands around it
        # (the frame that carries a denial, "'..., untrue', the General Staff added", is its
        # speaker's denial, not a claim of the statement denied)
        deniers = {g.source.name for g in cover if g.stance in ("denies", "unconfirmed")}
        asserting = [g for g in cover if g.stance not in ("denies", "unconfirmed")
                     and g.source.name not in deniers]
        if asserting and cover[0] is not asserting[0]:
            cover = [asserting[0]] + [g for g in cover if g is not asserting[0]]
        f = cover[0]
        if f.stance in ("denies", "unconfirmed") and f.inner is None:
            # "Kyiv denied Russia controlled X", "Kyiv has not confirmed the loss of X": a
            # statement about the other side's claim, not a claim of its own
            denied_by = f
            side = other_side(side_value(f.source.side))
            notes.append(f"statement: '{f.cue}' ({f.stance}) by {f.source.name}")
        else:
            claimant, side = f.source.name, f.source.side
            st = f.stance if f.stance in ("acknowledges", "assesses") else "asserts"
            via = f"; {f.source.via}" if f.source.via else ""
            notes.append(f"claimant: {f.kind} '{f.cue}' ('{f.source.text}'{via}) -> {claimant}")
        around = cover[1:] if denied_by is None else cover
    elif reader.enabled and reader.author is not None and not carried:
        a = reader.author.source
        claimant, side = a.name, a.side
        notes.append(f"claimant: the document's author ({reader.author.cue}) -> {claimant}")
    elif not reader.enabled and not carried:
        claimant, side, ccue, _ = fallback.claimant(s.text, s.start, trig.start)
        if ccue:
            notes.append(f"claimant: {ccue} -> {claimant}")
    if claimant == "regional authorities":
        side = _side_for_place(place) or Side.INDEPENDENT
        if place.country in ("RU", "UA"):
            claimant = f"{'Russian' if place.country == 'RU' else 'Ukrainian'} regional authorities"
    # the actor: who did it
    speaker = cover[0].source if cover else None
    actor = reader.actor(k, trig.start, speaker) if reader.enabled else None
    if actor is not None and getattr(trig, "loser", False):
        loser = actor
        actor = other_side(loser)
        notes.append(f"actor: '{trig.text}' by {loser} -> the place goes to {actor}")
        if side_value(side) == loser and claimant is not None and st == "asserts":
            st = "acknowledges"  # the losing side reports its own withdrawal
    if actor is None:
        a = fallback.actor(s.text, s.start, trig.start, event, side)
        actor = a.value if a is not None else None
    return {"claimant": claimant, "side": side, "stance": st, "around": around,
            "actor": _actor(actor), "denied_by": denied_by, "notes": notes}


def _actor(value: str | None) -> Actor | None:
    if value is None:
        return None
    return Actor(value) if value in ("russia", "ukraine") else Actor.OTHER


def _side_for_place(p) -> Side | None:
    return {"RU": Side.RUSSIA, "UA": Side.UKRAINE}.get(p.country)


def finish(drafts: list[dict], reader: Reader, sents) -> None:
    """Statuses from the whole article: every draft is a statement, with the denials,
    acknowledgements and hedges around it (see :mod:`geo.claims.stance`)."""
    claims: list[stance.Statement] = []
    others: list[stance.Statement] = []
    covered: set[tuple[int, int]] = set()
    kept = []
    for d in drafts:
        r = d["resolution"]
        f = d.get("denied_by")
        if f is not None:  # a denial or a refusal to confirm: a stance on others' claims
            covered.add((d["k"], f.at))
            others.append(stance.Statement(r.place.id, d["event"], f.source.name,
                                           _frame_side(f, r.place), f.stance, d["k"],
                                           sents[d["k"]].text))
            continue
        kept.append(d)
    drafts[:] = kept
    for d in drafts:
        r = d["resolution"]
        side = side_value(d["side"]) or None
        if d["claimant"] is None and d.get("denied_by") is None:
            side = None
        quote = sents[d["k"]].text
        claims.append(stance.Statement(
            r.place.id, d["event"], d["claimant"], side, d["stance"], d["k"], quote,
            assessor=d["claimant"] in ASSESSED_CLAIMANTS,
            owner=d["actor"].value if d["actor"] is not None else None))
        if d.get("negates") is not None:  # "X had not been captured": X held, the capture denied
            event, f = d["negates"]
            others.append(stance.Statement(r.place.id, event, f.source.name,
                                           _frame_side(f, r.place), "denies", d["k"], quote))
        for f in d["around"]:
            covered.add((d["k"], f.at))
            others.append(stance.Statement(r.place.id, d["event"], f.source.name,
                                           _frame_side(f, r.place), f.stance, d["k"], quote))
        if not reader.enabled and d["claimant"] is not None:
            _fallback_status(d, others, sents)
    for k, fs in reader.frames.items():
        for f in fs:
            if f.stance in ("denies", "unconfirmed") and (k, f.at) not in covered \
                    and f.source is not None:
                others.append(stance.Statement(None, _scope_event(sents[k], f), f.source.name,
                                               side_value(f.source.side), f.stance, k,
                                               sents[k].text))
    for k, s in enumerate(sents):
        m = UNVERIFIED.search(s.text)
        if m:
            others.append(stance.Statement(None, None, None, None, "unverified", k, m.group(0),
                                           group=bool(GROUP_SCOPE.search(s.text))))
    for d, v in zip(drafts, stance.resolve(claims, others)):
        d["status"] = v.status
        d["stances"] = tuple(v.stances)
        if v.note:
            d["notes"].append(v.note)
        if d["claimant"] is None and d.get("denied_by") is None:
            d["side"] = Side.INDEPENDENT
        elif d["side"] is None:  # a named source the data does not know: no party is implied
            d["side"] = Side.INDEPENDENT
            d["notes"].append("side: the source belongs to no known party -> independent")


def _scope_event(s, f):
    """The event a placeless denial names ("denied reports of shelling the camp"): the first
    event cue in what it governs; None when it names none ("Kyiv rejected the claim")."""
    a, b = f.scope
    for t in getattr(s, "triggers", ()):
        if a <= t.start < b:
            return t.event
    return None


def _frame_side(f, place) -> str | None:
    """A source's side; regional authorities speak for the side that holds their region."""
    side = side_value(f.source.side)
    if side is None and f.source.kind == "authorities":
        side = side_value(_side_for_place(place))
    return side


def _fallback_status(d: dict, others: list, sents) -> None:
    """Without the parser: a denial or an acknowledgement in the claim's own sentence."""
    s = sents[d["k"]]
    seg = s.text[:d["t"] - s.start]
    other = other_side(side_value(d["side"]))
    if other is None:
        return
    if (DISPUTED.search(seg) and "claim" in seg.lower()) or DISPUTED_AFTER.search(
            s.text[d["t_end"] - s.start:]):
        others.append(stance.Statement(d["resolution"].place.id, d["event"], None, other,
                                       "denies", d["k"], s.text))
    elif CONFIRMED.search(seg) and (d["actor"] is None or d["actor"].value != side_value(
            d["side"])):
        others.append(stance.Statement(d["resolution"].place.id, d["event"], None, other,
                                       "acknowledges", d["k"], s.text))


__all__ = ["Status", "attribute", "finish"]
