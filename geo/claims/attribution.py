"""Attribution from the dependency parse: who says what, and what stance they take.

A *frame* is one act of reporting in a sentence: its source (the subject, with possessor and
compound, of a reporting verb; the agent of a passive; the possessor, compound or ``by``-agent
of a reporting noun; the object of "according to" / "citing"), its cue lemma, its stance
(asserts, denies, acknowledges, assesses; ``unconfirmed`` for a negated acknowledgement) and its
scope, the character span of the statement it governs.  A claim inside several frames takes
its claimant from the innermost asserting frame; the frames around it add their stances
("the spokesman dismissed Moscow's assertion that ...").

Sources are named through the language's claimant data; an anaphoric source ("the ministry",
"it", "he", "the think tank") resolves to the nearest earlier source of a compatible kind
(:class:`Memory`).  The engine holds no words: every list comes from ``geo/lang/<code>/``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from geo.lang import load
from geo.lang.prefilter import Prefiltered, fold
from geo.model import Side

_CORE_DEPS = {"poss", "compound", "amod", "det", "nmod", "nummod", "case", "punct"}
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CONTENT = {"ccomp", "xcomp", "advcl", "parataxis", "oprd", "acl", "relcl", "conj", "dobj",
            "attr"}


@dataclass(frozen=True, slots=True)
class Source:
    """A resolved source: canonical name, side (or party id), kind (claimants.toml)."""

    name: str
    side: Side | str | None
    kind: str
    start: int = -1  # where the article names it
    text: str = ""
    via: str = ""  # "coreference 'the ministry'" when resolved through an anaphor


@dataclass(slots=True)
class Frame:
    source: Source | None
    cue: str  # the reporting verb or noun as written
    lemma: str
    stance: str  # asserts | denies | acknowledges | assesses | unconfirmed
    scope: tuple[int, int]  # article offsets of the statement governed
    at: int  # article offset of the cue
    kind: str = "verb"  # verb | noun | according | passive | quote | primary
    inner: Frame | None = None  # "X's claim that ..." inside a denial


@dataclass(frozen=True)
class Reporting:
    """The compiled reporting data of a language."""

    verbs: frozenset[str]
    nouns: frozenset[str]
    stance_of: dict[str, str]
    coref: dict[str, tuple[str, ...]]
    source_objects: frozenset[str]
    source_preps: frozenset[str]
    publish: frozenset[str]
    publisher_kinds: frozenset[str]
    modals: frozenset[str]
    hypothetical_heads: frozenset[str]
    hypothetical_marks: frozenset[str]
    list_preps: frozenset[str]
    about_preps: frozenset[str]
    goal_nouns: frozenset[str]
    army_nouns: frozenset[str]
    army_titles: tuple[str, ...]
    hypothetical_adverbs: frozenset[str]
    light_verbs: frozenset[str]
    negations: frozenset[str]
    negation_undone_by: frozenset[str]
    negated_heads: frozenset[str]
    place_anaphors: frozenset[str]
    denial_predicates: frozenset[str]
    denial_when_negated: frozenset[str]
    enemy_nouns: frozenset[str]
    claimants: tuple[tuple[Prefiltered, str, object, str], ...]  # rx, name, side, kind


@functools.cache
def reporting(code: str = "en") -> Reporting:
    lang = load(code)
    rep = lang.raw.get("reporting.toml", {})
    stance_of = {}
    for stance, lemmas in rep.get("stances", {}).items():
        for lem in lemmas:
            stance_of[lem] = stance
    w = rep.get("words", {})
    claimants = tuple((Prefiltered(re.compile(rf"(?i)(?:{p})")), c.name, c.party or c.side,
                       c.kind) for c in lang.claimants for p in c.patterns)
    return Reporting(
        verbs=frozenset(rep.get("verbs", ())), nouns=frozenset(rep.get("nouns", ())),
        stance_of=stance_of,
        coref={k.lower(): tuple(v) for k, v in rep.get("coref", {}).items()},
        source_objects=frozenset(w.get("source_objects", ())),
        source_preps=frozenset(w.get("source_preps", ())),
        publish=frozenset(w.get("publish", ())),
        publisher_kinds=frozenset(w.get("publisher_kinds", ())),
        modals=frozenset(w.get("modals", ())),
        hypothetical_heads=frozenset(w.get("hypothetical_heads", ())),
        hypothetical_marks=frozenset(w.get("hypothetical_marks", ())),
        list_preps=frozenset(w.get("list_preps", ())),
        about_preps=frozenset(w.get("about_preps", ())),
        goal_nouns=frozenset(w.get("goal_nouns", ())),
        army_nouns=frozenset(w.get("army_nouns", ())),
        army_titles=tuple(w.get("army_titles", ())),
        hypothetical_adverbs=frozenset(w.get("hypothetical_adverbs", ())),
        light_verbs=frozenset(w.get("light_verbs", ())),
        negations=frozenset(w.get("negations", ())),
        negation_undone_by=frozenset(w.get("negation_undone_by", ())),
        negated_heads=frozenset(w.get("negated_heads", ())),
        place_anaphors=frozenset(w.get("place_anaphors", ())),
        denial_predicates=frozenset(w.get("denial_predicates", ())),
        denial_when_negated=frozenset(w.get("denial_when_negated", ())),
        enemy_nouns=frozenset(w.get("enemy_nouns", ())),
        claimants=claimants)


def article_army(text: str, rep: Reporting) -> Source | None:
    """The party an unqualified "the army" means in this article: the ``army`` of the war
    (geo/lang/conflicts.toml) whose parties the article names most, when it has one."""
    from geo.lang import conflicts

    sides = {s.value for s in Side}
    folded = fold(text)
    named = {side for rx, _, side, _ in rep.claimants
             if isinstance(side, str) and side not in sides and rx.search(text, folded)}
    if not named:
        return None
    best = max(((len(named & {p["id"] for p in c["parties"]}), c) for c in conflicts()
                if c.get("army")), key=lambda x: x[0], default=(0, None))
    if not best[0]:
        return None
    party = best[1]["army"]
    name = next((n for _, n, side, _ in rep.claimants if side == party), None)
    if name is None:
        return None
    return Source(name, party, "military", -1, "", f"in an article about the {best[1]['name']}")


_SIDE_VALUES = frozenset(s.value for s in Side)


def name_source(text: str, rep: Reporting, sided: bool = False,
                scope: frozenset | None = None) -> tuple[str, object, str] | None:
    """(canonical name, side, kind) of the claimant named first in ``text`` (the longest name
    there, then the data's order; a bare state name only when nothing else is named):
    "Houthi rebels" are the Houthis, not any rebels.  ``scope``: the parties of the wars the
    article is about (see :func:`article_scope`); another war's party is not read ("rebels"
    in eastern Congo are not Syria's)."""
    best = None
    folded = fold(text)
    for i, (rx, name, side, kind) in enumerate(rep.claimants):
        if sided and side is None:
            continue  # only a name that says whose side ("the mayor, installed by Moscow")
        if scope is not None and isinstance(side, str) and side not in _SIDE_VALUES \
                and side not in scope:
            continue
        m = rx.search(text, folded)
        if m is not None:
            # a state's own name is the fallback ("Kyiv's eastern command" is the command)
            key = (kind == "state", m.start(), -(m.end() - m.start()), i)
            if best is None or key < best[0]:
                best = (key, (name, side, kind))
    return best[1] if best else None


def article_scope(countries: set[str]) -> frozenset | None:
    """The party ids of the registry's wars fought where the article's places are (conflicts.toml
    ``countries``), or None when the article names no place of any listed war."""
    from geo.lang import conflicts_in

    out = frozenset(p["id"] for c in conflicts_in(countries) for p in c["parties"])
    return out or None


@dataclass
class Memory:
    """The sources named so far in an article, for coreference ("the ministry", "it")."""

    seen: list[Source] = field(default_factory=list)
    places: list[tuple[int, int]] = field(default_factory=list)  # place mentions of the article
    army: Source | None = None  # what "the army" means in this article's war (see article_army)
    scope: frozenset | None = None  # the parties of the article's wars (see article_scope)

    def is_place(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.places)

    def add(self, s: Source | None) -> None:
        if s is not None and s.kind != "outlet":
            self.seen.append(s)

    def resolve(self, kinds: tuple[str, ...], before: int) -> Source | None:
        for s in reversed(self.seen):
            if s.start < before and ("*" in kinds or s.kind in kinds):
                return s
        return None


# ------------------------------------------------------------------ spans


def _core(tok) -> list:
    """The noun phrase of ``tok`` without relative clauses and appositives."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in _CORE_DEPS or (c.dep_ == "prep" and c.lower_ == "of"):
            out.extend(c.subtree)
    out = sorted((t for t in out if not t.is_space), key=lambda t: t.i)
    while len(out) > 1 and out[-1].is_punct and out[-1].i != tok.i:
        out.pop()  # a root noun's own full stop is not part of its name
    while len(out) > 1 and out[0].is_punct and out[0].i != tok.i:
        out.pop(0)
    return out


def _text(doc, toks) -> str:
    if not toks:
        return ""
    return doc[toks[0].i:toks[-1].i + 1].text


def _source(tok, doc, offset: int, rep: Reporting, mem: Memory,
            stranger: bool = True) -> Source | None:
    """The source a noun phrase names: a claimant, an anaphor's antecedent, or a named stranger."""
    if tok is None:
        return None
    core = _core(tok)
    core_text = _text(doc, core)
    start = offset + core[0].idx
    found = None
    if tok.pos_ != "PROPN":
        # "A well-known Ukrainian military blog, DeepState, said": the name in apposition to
        # a description is the source
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                found = name_source(_text(doc, _core(c)), rep, scope=mem.scope)
                if found is not None:
                    break
    if found is None:
        found = name_source(core_text, rep, scope=mem.scope)
    if found is None:  # "the spokesman for the southern command", "X, a Ukrainian official"
        found = name_source(_text(doc, [t for t in tok.subtree if not _in_clause(t, tok)]), rep,
                            scope=mem.scope)
    if found is None:
        anaphor = _anaphor(tok, core, rep)
        if anaphor is not None:
            ante = mem.resolve(rep.coref[anaphor], start)
            hit = _national([c for c in tok.children if c.dep_ == "amod"], rep, mem)
            if hit is not None and (ante is None or ante.side != hit[2][1]):
                # "Russian statements", "the Ukrainian ministry": the adjective names whose
                # (the body the phrase names once the adjective is the country's possessive,
                # "Ukraine's ministry", else the country's own voice)
                adj, country, found = hit
                rest = " ".join(t.text for t in core if t.i != adj.i and t.dep_ != "det")
                body = name_source(f"{country}'s {rest}", rep, scope=mem.scope)
                if body is not None and body[1] == found[1] and body[2] != "state":
                    found = body
                return Source(found[0], found[1], found[2], start, core_text,
                              f"'{adj.text}' -> {country} -> {found[0]}")
            if ante is not None:
                return Source(ante.name, ante.side, ante.kind, start, core_text,
                              f"coreference '{core_text}' -> {ante.name}")
            if mem.army is not None and anaphor in rep.army_nouns:
                return Source(mem.army.name, mem.army.side, mem.army.kind, start, core_text,
                              f"'{core_text}' {mem.army.via} -> {mem.army.name}")
            if tok.pos_ != "PRON" and not any(t.pos_ == "PRON" for t in core):
                return _own_side(tok, doc, core_text, start, rep.coref[anaphor], rep, mem)
            return None
    if found is not None and found[1] is None:  # "the mayor, who was installed by Moscow"
        sided = name_source(_text(doc, list(tok.subtree)), rep, sided=True, scope=mem.scope)
        if sided is not None and sided[1] is not None:
            found = sided
    if found is None:
        if stranger and tok.pos_ == "PROPN" and not mem.is_place(offset + tok.idx):
            # a named person or body the data does not know (never a place named as a source)
            low = core_text.lower()
            title = next((t for t in rep.army_titles if t in low), None)
            if title is not None and mem.army is not None:
                return Source(core_text, mem.army.side, "person", start, core_text,
                              f"'{title}' {mem.army.via} -> {mem.army.name}")
            nation = _nation_of(core, rep, mem)  # "Russian Defense Minister Sergei Shoygu"
            if nation is not None:
                return Source(core_text, nation[1], "person", start, core_text,
                              f"'{nation[0]}' -> {nation[2]}")
            return Source(core_text, None, "person", start, core_text)
        return None
    return Source(found[0], found[1], found[2], start, core_text)


def _own_side(tok, doc, core_text: str, start: int, kinds: tuple[str, ...], rep: Reporting,
              mem: Memory) -> Source | None:
    """An unqualified "the defence ministry" / "the military" that no earlier source of its kind
    explains: the body of that kind on the side the statement is about.  That side is the one
    whose forces are the subject of the reported clause ("Russian troops have captured X, the
    defence ministry said"), else the side of the nearest earlier source when that source is a
    side's government ("Russia said ... The defence ministry said its troops ...")."""
    noun = tok.lower_
    for src in reversed(mem.seen):  # the same head noun named before: "the Ministry of Defence
        if src.start < start and noun in src.text.lower().split():  # in London ... the ministry"
            return Source(src.name, src.side, src.kind, start, core_text,
                          f"coreference '{core_text}' -> {src.name} ('{src.text}')")
    side, why = None, ""
    head = tok.head
    for c in head.children if tok.dep_ in ("nsubj", "nsubjpass") else ():
        if c.dep_ not in ("ccomp", "parataxis"):
            continue
        for subj in c.children:
            if subj.dep_ in ("nsubj", "nsubjpass"):
                found = name_source(_text(doc, list(subj.subtree)), rep, sided=True,
                                    scope=mem.scope)
                if found is not None and found[1] in (Side.RUSSIA, Side.UKRAINE):
                    side, why = found[1], f"the reported clause's subject is {found[0]}"
        break
    if side is None:
        before = [src for src in mem.seen if src.start < start]
        if before and before[-1].side in (Side.RUSSIA, Side.UKRAINE) and \
                before[-1].kind in ("state", "authorities"):
            src = before[-1]  # only when the nearest earlier source is a side's government
            side, why = src.side, f"the nearest earlier source is {src.name}"
    if side is None:
        return None
    # the side's official voice of that kind: its ministry, else its military command (never a
    # named group or person the data lists under the same kind)
    order = ["ministry", "military"] if {"ministry", "military"} & set(kinds) else []
    name = kind = None
    for want in order:
        name, kind = next(((n, k) for _, n, sd, k in rep.claimants if sd is side and k == want),
                          (None, None))
        if name is not None:
            break
    if name is None:
        return None
    return Source(name, side, kind, start, core_text, f"'{core_text}': {why} -> {name}")


def _in_clause(t, top) -> bool:
    """True when ``t`` sits in a relative or adverbial clause below ``top``."""
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            return True
        t = t.head
    return False


def _anaphor(tok, core, rep: Reporting) -> str | None:
    low = tok.lower_
    if tok.pos_ == "PRON" and low in rep.coref:
        return low
    words = [t for t in core if t.dep_ not in ("det", "punct", "case") and t.pos_ != "ADJ"]
    phrase = " ".join(t.lower_ for t in words)
    for key in (phrase, tok.lemma_.lower(), low):
        if key in rep.coref:
            return key
    return None


def _span(toks, offset: int) -> tuple[int, int]:
    toks = sorted(toks, key=lambda t: t.i)
    return offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1].text)


def _negated(tok) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children)


def _stance(lemma: str, tok, rep: Reporting) -> str:
    st = rep.stance_of.get(lemma, "asserts")
    if _negated(tok) or (tok.head.i != tok.i and tok.dep_ in ("dobj",) and _negated(tok.head)):
        return "unconfirmed" if st in ("acknowledges", "asserts", "assesses") else "asserts"
    return st


# ------------------------------------------------------------------ frames


def frames(doc, offset: int, rep: Reporting, mem: Memory) -> list[Frame]:
    """Every reporting frame of one parsed sentence (``offset``: its start in the article)."""
    if doc is None or not len(doc):
        return []
    last = doc[-1]  # len(doc.text) without building the text (speed)
    whole = (offset, offset + last.idx + len(last.text_with_ws))
    out: list[Frame] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and lemma in rep.verbs:
            f = _verb_frame(tok, lemma, doc, offset, rep, mem, whole)
        elif tok.pos_ in ("VERB",) and lemma in rep.source_objects:
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            f = None if obj is None else Frame(
                _source(obj, doc, offset, rep, mem), tok.text, lemma, "asserts",
                _without(doc, tok, offset, whole), offset + tok.idx, "according")
        elif tok.lower_ in rep.source_preps and tok.dep_ == "prep":
            obj = next((c for c in tok.subtree if c.dep_ == "pobj"), None)
            f = None if obj is None else Frame(
                _source(obj, doc, offset, rep, mem), tok.text, tok.lower_, "asserts",
                whole, offset + tok.idx, "according")
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in rep.nouns:
            f = _noun_frame(tok, lemma, doc, offset, rep, mem, whole)
        else:
            continue
        if f is not None:
            out.append(f)
            mem.add(f.source)
    if rep.denial_predicates:
        out += _denial_predicates(doc, offset, rep, mem, out)
    _nest(out)
    return out


def _denial_predicates(doc, offset: int, rep: Reporting, mem: Memory, found: list[Frame]
                       ) -> list[Frame]:
    """Denials said with a predicate ("reports of X's fall were untrue", "called reports of X
    false", "This is not true"): a denial frame by the speaker over what it is said of."""
    out = []
    for tok in doc:
        if tok.dep_ not in ("acomp", "attr", "oprd"):
            continue
        lemma, negated = tok.lemma_.lower(), _negated(tok) or _negated(tok.head)
        if not ((lemma in rep.denial_predicates and not negated)
                or (lemma in rep.denial_when_negated and negated)):
            continue
        head = tok.head
        content = next((c for c in head.children if c.i != tok.i and c.dep_ in (
            ("dobj",) if tok.dep_ == "oprd" else ("nsubj", "nsubjpass", "attr"))), None)
        at = offset + tok.idx
        if content is None or content.pos_ == "PRON":
            # "This is not true," the army said: a denial with no place, of what was said before
            scope = (at, at + len(tok.text))
        else:
            scope = _span(list(content.subtree), offset)
        if tok.dep_ == "oprd":
            subj = next((c for c in head.children if c.dep_ in _SUBJ), None)
            src = _source(subj, doc, offset, rep, mem) if subj is not None else None
        else:
            around = covering(found, at)
            src = around[0].source if around else None
        if src is None:
            continue
        out.append(Frame(src, tok.text, lemma, "denies", scope, at, "verb"))
    return out


def _verb_frame(tok, lemma, doc, offset, rep, mem, whole) -> Frame | None:
    subj = next((c for c in tok.children if c.dep_ in _SUBJ), None)
    kind = "verb"
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    if agent is not None:
        subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        kind = "passive"
    elif subj is not None and subj.dep_ == "nsubjpass":
        subj = None  # "it was reported that": no source named
    if subj is None and tok.dep_ in ("advcl", "xcomp", "conj") and tok.head.i != tok.i:
        subj = next((c for c in tok.head.children if c.dep_ in ("nsubj",)), None)
    if subj is None and tok.dep_ == "acl" and tok.head.dep_ == "ROOT" and tok.head.pos_ in (
            "NOUN", "PROPN"):
        subj = tok.head  # a sentence parsed without a finite verb: "the X project reported on ..."
    src = None
    if subj is not None:
        if subj.lemma_.lower() in rep.nouns:  # "the ministry's statement said"
            poss = next((c for c in subj.children if c.dep_ in ("poss", "compound")), None)
            src = _source(poss, doc, offset, rep, mem) if poss is not None else None
            if src is None:
                src = _source(subj, doc, offset, rep, mem)
        else:
            src = _source(subj, doc, offset, rep, mem)
    if src is None and subj is None:
        return None
    content = [c for c in tok.children if (c.dep_ in ("ccomp", "xcomp", "dobj", "oprd") or (
        c.dep_ == "prep" and c.lower_ in rep.about_preps and any(
            g.dep_ == "pobj" and g.pos_ == "NOUN" for g in c.children)))
        and (subj is None or c.i != subj.i)]  # "reported on the occupation of X"
    if content:
        toks = [t for c in content for t in c.subtree]
        scope = _span(toks, offset)
    elif tok.dep_ in ("parataxis", "advcl", "conj", "ccomp") and tok.head.i != tok.i:
        scope = _without(doc, tok, offset, whole, root=tok.head)
    else:
        scope = _without(doc, tok, offset, whole)
    return Frame(src, tok.text, lemma, _stance(lemma, tok, rep), scope, offset + tok.idx, kind)


def _noun_frame(tok, lemma, doc, offset, rep, mem, whole) -> Frame | None:
    holder = next((c for c in tok.children if c.dep_ in ("poss", "compound")
                   and c.lemma_.lower() not in rep.nouns), None)
    src = None
    if holder is not None:
        src = _source(holder, doc, offset, rep, mem, stranger=holder.dep_ == "poss")
    if src is None:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                src = _source(obj, doc, offset, rep, mem)
                if src is not None:
                    break
    if src is None and tok.dep_ == "nsubjpass":  # "the statement was made by X"
        agent = next((c for c in tok.head.children if c.dep_ == "agent"), None)
        obj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
        src = _source(obj, doc, offset, rep, mem)
    if src is None and holder is None and tok.dep_ == "dobj" and (
            tok.head.lemma_.lower() in rep.light_verbs):
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:  # "X made no acknowledgement that", "X issued a statement"
            src = _source(subj, doc, offset, rep, mem)
            holder = subj if src is not None else None
    if src is None and holder is None and any(c.dep_ == "amod" for c in tok.children):
        src = _source(tok, doc, offset, rep, mem, stranger=False)  # "Russian claims that ..."
        if src is None:
            src = _demonym_source(tok, doc, offset, rep, mem)  # "Russian statements that ..."
        holder = tok if src is not None else None
    if src is None and holder is None:
        return None
    content = [c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl", "appos")]
    scope = _span([t for c in content for t in c.subtree], offset) if content else whole
    return Frame(src, tok.text, lemma, _stance(lemma, tok, rep), scope, offset + tok.idx, "noun")


def _national(tokens, rep: Reporting, mem: Memory):
    """(token, country, claimant) for the first of ``tokens`` that is a national adjective
    ("Russian", "Ukrainian") of a country whose claimant belongs to a side; else None."""
    from geo.places.demonyms import demonyms
    from geo.text import fold as fold_text

    names = demonyms()
    for t in tokens:
        country = names.get(" ".join(fold_text(t.text).split()))
        if country is None:
            continue
        found = name_source(country, rep, scope=mem.scope)
        if found is not None and found[1] is not None:
            return t, country, found
    return None


def _demonym_source(tok, doc, offset, rep: Reporting, mem: Memory) -> Source | None:
    """The state a national adjective of a reporting noun names ("Russian statements",
    "Ukrainian reports", "Israeli claims"): the country's own claimant."""
    hit = _national([c for c in tok.children if c.dep_ == "amod"], rep, mem)
    if hit is None:
        return None
    c, country, found = hit
    return Source(found[0], found[1], found[2], offset + c.idx, f"{c.text} {tok.text}",
                  f"'{c.text}' -> {country} -> {found[0]}")


def _nation_of(core, rep: Reporting, mem: Memory) -> tuple[str, object, str] | None:
    """(adjective, side, claimant) of the national adjective in a person's title ("Russian
    Defense Minister Sergei Shoygu", "Ukrainian commander Oleksandr Syrskyi")."""
    hit = _national([t for t in core if t.pos_ in ("ADJ", "PROPN")
                     and t.dep_ in ("amod", "compound")], rep, mem)
    return None if hit is None else (hit[0].text, hit[2][1], hit[2][0])


def _without(doc, tok, offset, whole, root=None) -> tuple[int, int]:
    """The clause around a parenthetical frame ("..., the ministry said, ...")."""
    base = list((root or tok.sent.root).subtree)
    own = {t.i for t in tok.subtree}
    rest = [t for t in base if t.i not in own]
    return _span(rest, offset) if rest else whole


def _nest(out: list[Frame]) -> None:
    """A denial whose scope holds another source's claim carries it as ``inner``."""
    for f in out:
        if f.stance != "denies":
            continue
        for g in out:
            if g is not f and g.stance == "asserts" and f.scope[0] <= g.at < f.scope[1]:
                f.inner = g
                break


def covering(frames_: list[Frame], pos: int) -> list[Frame]:
    """The frames whose scope holds ``pos``, innermost first."""
    inside = [f for f in frames_ if f.source is not None and (
        f.scope[0] <= pos < f.scope[1] or f.at <= pos < f.at + len(f.cue))]
    # the cue itself ("claimed control of X") is innermost; then the narrowest scope
    return sorted(inside, key=lambda f: (not f.at <= pos < f.at + len(f.cue),
                                         f.scope[1] - f.scope[0]))
