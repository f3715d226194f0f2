"""Modality of an event word, from the dependency parse: is it negated ("had not been pushed
out of X"), or a scenario, a wish or a future ("could fall", "aims to capture")?  And what a
negated event becomes: its source's denial (:func:`negation_draft`).  The words come from the
language data (``reporting.toml``: ``negations``, ``modals``, ``hypothetical_heads`` ...).
"""
from __future__ import annotations

from functools import lru_cache

from geo.claims.attribution import Frame, Reporting, Source
from geo.claims.lexicon import HYPOTHETICAL, UNVERIFIED
from geo.claims.parse import token_at
from geo.model import Actor, Event, Status


def _is_goal(verb, rep: Reporting) -> bool:
    """A copula whose complement is a goal noun ("is one of the war aims")."""
    if verb.lemma_.lower() != "be" and verb.pos_ != "AUX":
        return False
    return any(t.lemma_.lower() in rep.goal_nouns for c in verb.children
               if c.dep_ in ("attr", "acomp") for t in c.subtree)


def negated(doc, offset: int, pos: int, rep: Reporting) -> bool:
    """True when the event word at ``pos`` is negated: "had not been pushed out of X", "never
    captured X", "no fighting in X", "has not been able to capture X" (a negated head among
    ``negated_heads`` over the event's verb), but not "not only captured X"."""
    tok = token_at(doc, offset, pos) if doc is not None else None
    for _ in range(3):
        if tok is None:
            return False
        for c in tok.children:
            if c.lower_ not in rep.negations or c.dep_ not in ("neg", "det", "advmod"):
                continue
            if c.dep_ == "det" and tok.pos_ != "NOUN":
                continue
            nxt = doc[c.i + 1] if c.i + 1 < len(doc) else None
            if nxt is not None and nxt.lower_ in rep.negation_undone_by:
                continue  # "not only captured X but ..."
            return True
        if tok.dep_ == "xcomp" and tok.head.i != tok.i and (
                tok.head.lemma_.lower() in rep.negated_heads
                or tok.head.lower_ in rep.negated_heads):
            tok = tok.head  # "has not been able to capture X", "did not manage to take X"
            continue
        if tok.dep_ == "acomp" and tok.head.i != tok.i and (
                tok.head.pos_ == "AUX" or tok.head.lemma_.lower() == "be"):
            tok = tok.head
            continue
        return False
    return False


def hypothetical(doc, offset: int, pos: int, rep: Reporting) -> bool:
    """True when the event word at ``pos`` is a scenario, a wish or a future ("could fall",
    "aims to capture", "if X falls"), read from its auxiliaries and governing verbs."""
    if doc is None:
        return False
    tok = token_at(doc, offset, pos)
    if tok is None:
        return False
    seen = 0
    while tok is not None and seen < 4:
        for c in tok.children:
            if c.dep_ == "aux" and c.lower_ in rep.modals:
                return True
            if c.dep_ == "mark" and c.lower_ in rep.hypothetical_marks:
                return True
            if c.dep_ == "advmod" and c.lower_ in rep.hypothetical_adverbs:
                return True
        if tok.dep_ in ("xcomp",) and tok.head.lemma_.lower() in rep.hypothetical_heads:
            return True
        if tok.dep_ == "dobj" and tok.pos_ == "NOUN" and tok.head.lemma_.lower() in (
                rep.hypothetical_heads):
            return True  # "to avoid encirclement", "threatened encirclement"
        if tok.dep_ in ("pcomp", "pobj") and tok.head.dep_ == "prep" and (
                tok.head.head.lemma_.lower() in rep.hypothetical_heads):
            return True  # "no intention of capturing", "plans of taking"
        if tok.dep_ in ("nsubj", "nsubjpass") and _is_goal(tok.head, rep):
            return True  # "X's liberation is a priority", "whose capture is one of the aims"
        if tok.dep_ in ("pobj", "dobj", "nsubj", "compound") or tok.pos_ == "NOUN":
            tok = tok.head if tok.head.i != tok.i else None  # an event noun: its verb decides
            seen += 1
            continue
        break
    return False


def negation_draft(sents, k, r, trig, event, at, notes, date, prec, strength) -> dict | None:
    """A negated event ("its forces had not been pushed out of X", "Russian troops never
    captured X") is its source's denial of that event, not a report of it: a denial statement
    (which disputes a claim of the event anywhere in the article).  Where a side denies that
    the other side took or encircled the place, the place is also held by the denying side,
    claimed by that side.  The outlet's own negation ("X has not fallen") asserts nothing."""
    if at["claimant"] is None:
        return None
    s = sents[k]
    side = getattr(at["side"], "value", at["side"])
    src = Source(at["claimant"], at["side"], "", trig.start, at["claimant"])
    denial = Frame(src, trig.text, "not", "denies", (s.start, s.end), trig.start, "negation")
    notes = notes + at["notes"] + [f"'{trig.text}' is negated: a denial by {at['claimant']}"]
    base = {"resolution": r, "claimant": at["claimant"], "side": at["side"], "around": [],
            "status": Status.REPORTED, "date": date, "prec": prec, "a": s.start, "b": s.end,
            "k": k, "t": trig.start, "t_end": trig.end, "conf": r.confidence * strength,
            "stances": (), "scenario_of": None}
    doer = at["actor"].value if at["actor"] is not None else None
    if event in (Event.CAPTURED, Event.ENCIRCLED) and side in ("russia", "ukraine") and (
            doer is not None and doer != side):
        notes.append(f"the place is held by {side}, by its own account")
        return {**base, "event": Event.HELD, "actor": Actor(side), "stance": "asserts",
                "denied_by": None, "notes": notes, "negates": (event, denial)}
    return {**base, "event": event, "actor": at["actor"], "stance": "denies",
            "denied_by": denial, "notes": notes}


@lru_cache(maxsize=64)
def scenario(sentence: str, at: int) -> bool:
    """A scenario or a future around the trigger at ``at`` (without a parse); once per trigger,
    however many places share it (issue 19: was once per place, over the whole sentence)."""
    tail = UNVERIFIED.sub(" ", sentence[at:])  # a hedge is not a scenario
    head = sentence[:at]
    return bool(HYPOTHETICAL.search(head[-60:]) or HYPOTHETICAL.search(tail[:130]))


def drop_scenarios_of_reported_captures(drafts: list[dict]) -> list[dict]:
    """"The capture of X would be the first time ...": where the article reports X captured,
    a modal about that capture weighs the event; it is not a second, threatened X."""
    taken = {d["resolution"].place.id for d in drafts if d["event"] is Event.CAPTURED}
    return [d for d in drafts if not (d.get("scenario_of") is Event.CAPTURED
                                      and d["resolution"].place.id in taken)]


def takes_positions(position_object, text: str, trig_end: int, place_start: int) -> bool:
    """Does a capture cue ending at ``trig_end`` take positions or strongpoints ("seized
    outposts in the X area", "захопили кілька опорних пунктів біля X") rather than the place
    at ``place_start``?  Only when the place is not inside that object.  ``position_object``:
    the language's pattern (``position_object`` in events.toml)."""
    m = position_object.match(text, trig_end)
    return m is not None and not trig_end <= place_start < m.end()
