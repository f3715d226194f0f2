"""One article's attribution, read once: parsed sentences, reporting frames, the sources named
so far (for coreference), the author of a primary-source document, quotations that run over
several sentences, and the wire dateline.

:class:`Reader` is what the claim engine asks "who says the event at this offset, with which
stance, and who did it?".  Without a parser (``FRONTLINE_PARSER=0`` or no model for the
language) it has no frames and the engine falls back to :mod:`geo.claims.fallback`.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from geo.claims import parse as _parse
from geo.claims.attribution import (
    Frame,
    Memory,
    Source,
    article_army,
    article_scope,
    covering,
    frames,
    name_source,
    reporting,
)
from geo.claims.lexicon import CONFIRMED, DISPUTED
from geo.claims.modality import hypothetical, negated
from geo.lang import load, parties
from geo.lang.prefilter import fold
from geo.model import PlaceType

_QUOTE_OPEN = "“\""
_QUOTE_CLOSE = "”\""


class Reader:
    def __init__(self, doc, sents: Sequence, want: set[int], code: str = "en"):
        self.doc = doc
        self.code = code
        self.rep = reporting(code)
        self.lang = load(code)
        self.mem = Memory(places=[(r.mention.start, r.mention.end) for s in sents
                                  for r in s.places])
        # settlements, regions and waters named as places (never an actor: "Pokrovsk looks
        # poised to fall"); countries are not among them ("Russia attempted to occupy X")
        self.sites = {r.mention.start for s in sents for r in s.places if r.role == "place"
                      and r.place.place_type in (PlaceType.SETTLEMENT, PlaceType.REGION,
                                                 PlaceType.WATER)}
        self.mem.scope = article_scope({r.place.country for s in sents for r in s.places
                                        if r.place.country and r.place.place_type in (
                                            PlaceType.SETTLEMENT, PlaceType.REGION)})
        if self.rep.army_nouns:
            self.mem.army = article_army(doc.text, self.rep)
        self.frames: dict[int, list[Frame]] = {}
        self.parsed: dict[int, object] = {}
        self.sents = sents
        text = doc.text
        self.datelines = _datelines(text, self.lang)
        self.author: Frame | None = None
        self.quoted: dict[int, Frame] = {}
        self._memo: dict[tuple, object] = {}  # answers per trigger (issue 19)
        self.enabled = bool(want) and bool(self.rep.verbs) and _parse.available(code)
        if self.enabled:
            order = sorted(want)
            docs = _parse.parse([self._masked(sents[k]) for k in order], code)
            self.parsed = dict(zip(order, docs))
            doc.parse["spacy"] = self.parsed
        for k, s in enumerate(sents):
            if k in self.parsed:
                self.frames[k] = frames(self.parsed[k], s.start, self.rep, self.mem)
            elif self.enabled:
                self._remember(s)
        if self.enabled:
            self.author = self._primary(doc)
            self._quotes(text)

    def _masked(self, s) -> str:
        """The sentence with any dateline blanked (same length: offsets stay)."""
        text = s.text
        for a, b in self.datelines:
            if a < s.end and s.start < b:
                x, y = max(a, s.start) - s.start, min(b, s.end) - s.start
                text = text[:x] + " " * (y - x) + text[y:]
        return text

    # -------------------------------------------------------------- sources

    def _remember(self, s) -> None:
        """Sources named in a sentence that is not parsed, kept for coreference."""
        folded = fold(s.text)
        for rx, name, side, kind in self.rep.claimants:
            m = rx.search(s.text, folded)
            if m:
                self.mem.add(Source(name, side, kind, s.start + m.start(), m.group(0)))
                return

    def _primary(self, doc) -> Frame | None:
        """The author of a primary-source document: told by its opening (a publishing frame
        whose source publishes documents: "the General Staff announced", "The relevant
        statement was made by ...") or by the ingest metadata (the outlet is such a source)."""
        outlet = getattr(doc.article, "outlet", None)
        if outlet:
            found = name_source(outlet, self.rep, scope=self.mem.scope)
            if found and found[2] in self.rep.publisher_kinds:
                return Frame(Source(*found, start=0, text=outlet), outlet, "outlet", "asserts",
                             (0, len(doc.text)), 0, "primary")
        for k in range(min(3, len(self.sents))):
            for f in self.frames.get(k, ()):
                src = f.source
                if (src is not None and src.kind in self.rep.publisher_kinds
                        and f.lemma in self.rep.publish and self._sole(src)):
                    return Frame(src, f.cue, f.lemma, "asserts", (0, len(doc.text)), f.at,
                                 "primary")
        return None

    def _sole(self, author: Source) -> bool:
        """A digest of one source's document quotes no one of another side: a news story
        that cites the ministry among others is not the ministry's document."""
        for fs in self.frames.values():
            for f in fs:
                s = f.source
                if s is None or s.name == author.name or s.side is None:
                    continue
                if s.side != author.side:
                    return False
        return True

    def _quotes(self, text: str) -> None:
        """Sentences inside a quotation that runs over several sentences take the speaker
        named at its close ('"... ," the source said') or at its opening ('X said: "...')."""
        for a, b in quotations(text):
            if b - a < 22 or b - a > 3002:
                continue
            ka, kb = self.doc.sentence_at(a), self.doc.sentence_at(b - 1)
            if ka == kb:
                continue
            speaker = None
            for f in self.frames.get(kb, ()):
                if f.at >= b - 1 and f.source is not None:
                    speaker = f
                    break
            if speaker is None:
                for f in self.frames.get(ka, ()):
                    if f.at < a and f.source is not None:
                        speaker = f
            if speaker is None:
                continue
            for k in range(ka, kb + 1):
                self.quoted.setdefault(k, speaker)

    # -------------------------------------------------------------- questions

    def is_source(self, start: int) -> bool:
        """True when a place name at ``start`` is the source of a frame ("Moscow's assertion",
        "Kyiv said"): a government speaking, not a place where something happened."""
        for fs in self.frames.values():
            for f in fs:
                s = f.source
                if s is not None and s.start <= start < s.start + len(s.text) and not s.via:
                    return True
        return False

    def in_dateline(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.datelines)

    def frames_at(self, k: int, pos: int) -> list[Frame]:
        """Frames of sentence ``k`` (or of the quotation it is in) covering ``pos``."""
        out = covering(self.frames.get(k, []), pos)
        out = [f for f in out if not self.in_dateline(f.source.start)]
        if not out and k in self.quoted:
            out = [self.quoted[k]]
        return out

    def coordinated(self, k: int, pos: int) -> set[int]:
        """Article offsets of the nouns coordinated with the word at ``pos`` ("near A, B and
        C", "near A ... and near B", "towns including A, B and C"), from the parse."""
        d = self.parsed.get(k)
        if d is None:
            return set()
        off = self.sents[k].start
        tok = self._token_at(k, pos)
        if tok is None:
            return set()
        while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
            tok = tok.head
        root = tok
        while root.dep_ in ("conj", "appos") and root.head.i != root.i:
            root = root.head
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN" \
                and root.head.head.dep_ == "pobj":
            root = root.head.head  # "near the city of A, as well as near the cities of B and C"
        if root.dep_ == "pobj":  # "near A and near B": the prepositions are coordinated
            prep = root.head
            while prep.dep_ == "conj" and prep.head.i != prep.i:
                prep = prep.head
            if prep.pos_ == "ADP":
                root = prep
        seen: set[int] = set()
        todo = [root]
        if root.pos_ == "ADP":  # "gains near A, as well as near B": the same preposition again
            heads = {root.head.i, root.head.head.i}
            todo += [t for t in d[root.i + 1:] if t.dep_ == "prep" and t.lower_ == root.lower_
                     and t.head.i in heads and any(x.dep_ == "cc" for x in d[root.i:t.i])]
        while todo:
            t = todo.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            for c in t.children:
                if c.dep_ in ("conj", "appos", "pobj") or (
                        c.dep_ == "prep" and (c.lower_ in self.rep.list_preps
                                              or (c.lower_ == "of" and t.pos_ == "NOUN"
                                                  and t.i != root.i and t.dep_ == "pobj"))):
                    todo.append(c)
        return {off + d[i].idx for i in seen if d[i].pos_ == "PROPN"}

    def governed_by(self, k: int, pos: int, lemmas: frozenset[str]) -> bool:
        """True when the noun at ``pos`` is the subject or object of a verb among ``lemmas``
        ("a Russian attack on X had been repulsed", "repelled attacks near X")."""
        d = self.parsed.get(k)
        if d is None:
            return False
        tok = self._token_at(k, pos)
        if tok is None or tok.pos_ != "NOUN":
            return False
        if tok.dep_ in ("nsubjpass", "nsubj", "dobj") and tok.head.lemma_.lower() in lemmas:
            return True
        # "launched an attack on X, but government forces repelled it": a later such verb
        # whose object is a pronoun standing for the attack
        return any(t.i > tok.i and t.lemma_.lower() in lemmas and any(
            c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("it", "them") for c in t.children)
            for t in d)

    def is_noun(self, k: int, pos: int) -> bool:
        """True when the word at ``pos`` is parsed as a noun ("the capture of X")."""
        d = self.parsed.get(k)
        tok = _token_at(d, self.sents[k].start, pos) if d is not None else None
        return tok is not None and tok.pos_ == "NOUN"

    def hypothetical(self, k: int, pos: int) -> bool:
        key = ("hypothetical", k, pos)  # once per trigger, however many places share it
        if key not in self._memo:
            self._memo[key] = hypothetical(self.parsed.get(k), self.sents[k].start, pos, self.rep)
        return self._memo[key]

    def negated(self, k: int, pos: int) -> bool:
        """True when the event word at ``pos`` is negated (:func:`attribution.negated`)."""
        key = ("negated", k, pos)
        if key not in self._memo:
            self._memo[key] = negated(self.parsed.get(k), self.sents[k].start, pos, self.rep)
        return self._memo[key]

    def relative_to(self, k: int, pos: int, place_pos: int) -> bool:
        """True when the event word at ``pos`` sits in a relative clause of the name at
        ``place_pos`` ("between Robotyne, which Ukraine captured in August, and Verbove"): the
        event is that place's alone, not its list's."""
        d = self.parsed.get(k)
        tok = self._token_at(k, pos) if d is not None else None
        name = self._token_at(k, place_pos) if d is not None else None
        if tok is None or name is None:
            return False
        while name.dep_ in ("compound", "flat") and name.head.i != name.i:
            name = name.head
        t, seen = tok, 0
        while t.head.i != t.i and seen < 6:
            if t.dep_ in ("relcl", "acl") and t.head.i == name.i:
                return True
            t, seen = t.head, seen + 1
        return False

    def anaphoric_object(self, k: int, pos: int) -> bool:
        """True when the object of the event word at ``pos`` stands for a place named before
        ("liberated the site", "captured it"), rather than naming one ("the town of X")."""
        d = self.parsed.get(k)
        tok = self._token_at(k, pos) if d is not None else None
        if tok is None:
            return False
        off = self.sents[k].start
        for c in tok.children:
            if c.dep_ not in ("dobj", "nsubjpass") or c.lower_ not in self.rep.place_anaphors \
                    and c.lemma_.lower() not in self.rep.place_anaphors:
                continue
            if off + c.idx in self.sites:
                continue
            if c.pos_ == "PRON" or any(g.dep_ == "det" and g.lower_ in ("the", "this", "that")
                                       for g in c.children):
                return not any(g.dep_ in ("prep", "appos", "compound", "amod") and g.pos_ != "ADJ"
                               or (g.dep_ == "amod" and off + g.idx in self.sites)
                               for g in c.children)
        return False

    def _token_at(self, k: int, pos: int):
        """The token of parsed sentence ``k`` covering article offset ``pos`` (a binary search:
        :func:`geo.claims.parse.token_at`)."""
        return _parse.token_at(self.parsed.get(k), self.sents[k].start, pos)

    def actor(self, k: int, pos: int, speaker: Source | None) -> str | None:
        """The side (or party) that did the event at ``pos``: the subject of its verb, the
        agent of a passive, the possessor of an event noun (once per trigger and speaker)."""
        key = ("actor", k, pos, speaker)
        if key not in self._memo:
            self._memo[key] = self._actor(k, pos, speaker)
        return self._memo[key]

    def _actor(self, k: int, pos: int, speaker: Source | None) -> str | None:
        d = self.parsed.get(k)
        if d is None:
            return None
        off = self.sents[k].start
        tok = self._token_at(k, pos)
        prev = None  # the token the walk came up from
        steps = 0
        while tok is not None and steps < 4:
            steps += 1
            if tok.pos_ == "NOUN":
                poss = next((c for c in tok.children if c.dep_ == "poss"), None)
                if poss is not None:
                    return self._side_of(poss, d, off, speaker, k)
                if any(c.dep_ == "amod" for c in tok.children):  # "Russian advances"
                    side = self._side_of(tok, d, off, speaker, k)
                    if side is not None:
                        # "stopped the Russian advance": the one who stopped it acted
                        repelled = load(self.code).words("events", "repelled_by")
                        return other_side(side) if tok.head.lemma_ in repelled else side
                prev, tok = tok, (tok.head if tok.head.i != tok.i else None)
                continue
            if prev is not None and prev.dep_ == "prep" and prev.head.i == tok.i and \
                    tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in self.rep.verbs:
                return None  # "In overnight attacks, Ukrainian officials said ...": a speaker
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            if agent is not None:
                subj = next((g for g in agent.children if g.dep_ == "pobj"), subj)
            if subj is not None:
                if self._names_place(subj, off):
                    return None  # "Pokrovsk looks poised to fall": the place is no actor
                return self._side_of(subj, d, off, speaker, k)
            patient = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if patient is not None and not self.mem.is_place(off + patient.idx):
                # "Russian forces have been pushed back from X": the other side did it
                side = self._side_of(patient, d, off, speaker, k)
                if side is not None:
                    return other_side(side)
            if tok.dep_ in ("xcomp", "acomp", "advcl", "conj", "acl", "pcomp", "pobj", "prep") \
                    and tok.head.i != tok.i:
                prev, tok = tok, tok.head
                continue
            return None
        return None

    def _subject_side(self, k: int) -> str | None:
        """The side the main clause's subject of parsed sentence ``k`` names ("Russia has
        attempted ..."), or None (not parsed, no subject, a pronoun, no side)."""
        d = self.parsed.get(k)
        if d is None or not len(d):
            return None
        root = next((t for t in d if t.dep_ == "ROOT"), None)
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) \
            if root is not None else None
        if subj is None or subj.dep_ != "nsubj" or subj.pos_ == "PRON" \
                or self._names_place(subj, self.sents[k].start):
            return None
        return self._named_side(_phrase(d, subj))

    def _named_side(self, text: str) -> str | None:
        """The side a phrase names: an actor phrase ("Russian forces"), else a claimant of a
        side ("Ukraine's army"); None when it names none."""
        for actor, rx in _actor_res(self.code):
            if rx.search(text):
                return actor
        found = name_source(text, self.rep, scope=self.mem.scope)
        if found is not None and found[1] not in (None, "independent"):
            return _side_value(found[1])
        return None

    def _names_place(self, tok, off: int) -> bool:
        """True when the noun phrase of ``tok`` is a place: a place mention, or a kind of place
        followed by its name ("the nearby town of Myrnohrad")."""
        if off + tok.idx in self.sites:
            return True
        if tok.pos_ != "NOUN" or not any(c.dep_ == "prep" and c.lower_ == "of" and any(
                g.dep_ == "pobj" and off + g.idx in self.sites for g in c.children)
                for c in tok.children):
            return False
        # the kind of place itself, unless its own words name a side ("Russian forces of X")
        own = sorted([tok] + [t for c in tok.children if c.dep_ in ("amod", "compound", "poss")
                              for t in c.subtree], key=lambda t: t.i)
        return self._named_side(" ".join(t.text for t in own)) is None

    def _side_of(self, tok, d, off, speaker: Source | None, k: int = -1) -> str | None:
        if tok.lemma_.lower() in self.rep.enemy_nouns and speaker is not None:
            enemy = other_side(_side_value(speaker.side))  # "the enemy", in a side's words
            if enemy is not None:
                return enemy
        named = self._named_side(_phrase(d, tok))
        if named is not None:
            return named
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        pron = poss if poss is not None else (tok if tok.pos_ == "PRON" else None)
        if pron is not None:
            low = pron.lower_
            if low in ("our", "we") and speaker is not None:
                return _side_value(speaker.side)
            if low in ("they", "their", "it", "its"):
                # an agent named earlier in the sentence ("The Russians ... the city, which
                # they took"): the last side an actor phrase names before the pronoun
                before = d[:pron.i].text
                last = max(((m.start(), actor) for actor, rx in _actor_res(self.code)
                            for m in rx.finditer(before)), default=None)
                if last is not None:
                    return last[1]
            if low in ("they", "their", "it", "its") and pron.i == _first_noun(d):
                # a pronoun opening its sentence continues the previous sentence's subject
                # ("Russia has tried to advance ... It has launched attacks on X")
                side = self._subject_side(k - 1)
                if side is not None:
                    return side
            kinds = self.rep.coref.get(low)
            if kinds:
                ante = self.mem.resolve(kinds, off + pron.idx)
                if ante is not None and ante.side not in (None, "independent"):
                    return _side_value(ante.side)
        return None


_QUOTE_MARK = re.compile(r"[“”\"]|\n\s*")


def quotations(text: str) -> list[tuple[int, int]]:
    """The spans of the quotations of ``text``, marks included, pairing the marks in order:
    a curly mark says which it is, a straight one opens when none is open and closes
    otherwise (so '"liberated" the site ... said that "' is not read as one quotation).  A
    quotation still open at a line break continues when the next paragraph opens with a mark
    (the convention for a quotation over several paragraphs) and is dropped otherwise."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    skip = -1  # a continuation mark at a paragraph's start
    for m in _QUOTE_MARK.finditer(text):
        ch, i = m.group(0), m.start()
        if ch[0] not in "“”\"":  # a line break
            if start is not None:
                nxt = m.end()
                if nxt < len(text) and text[nxt] in "“\"":
                    skip = nxt
                else:
                    start = None
            continue
        if i == skip:
            continue
        if ch == "“" or (ch == '"' and start is None):
            start = i
        elif start is not None:
            out.append((start, i + 1))
            start = None
    return out


def worth_parsing(sents) -> set[int]:
    """The sentences that can hold a claim or a stance: a place and a front-line event cue, a
    denial or an acknowledgement, a quotation naming a place, or the document's opening (its
    author).  The rest are read by patterns only (speed: parsing is most of the cost)."""
    out = set()
    for k, s in enumerate(sents):
        front = s.places and any(t.event.front_line for t in s.triggers)
        if front or k < 2 or DISPUTED.search(s.text) or CONFIRMED.search(s.text) or (
                '"' in s.text and s.places):
            out.add(k)
            if k and _pronoun_speaker().search(s.text):
                out.add(k - 1)  # "'...', he added": the speaker is named the sentence before
    return out


@functools.cache
def _pronoun_speaker():
    return load("en").regex("reporting", "pronoun_speaker")


def _phrase(d, tok) -> str:
    """The text of ``tok``'s noun phrase without its relative clauses and appositions."""
    core = [t for t in tok.subtree if t.dep_ not in ("relcl", "acl", "appos")]
    return d[core[0].i:core[-1].i + 1].text if core else tok.text


def _first_noun(d) -> int:
    """The index of the first noun or pronoun of a parsed sentence (-1 when none)."""
    return next((t.i for t in d if t.pos_ in ("NOUN", "PROPN", "PRON")), -1)


def _token_at(d, off: int, pos: int):
    return _parse.token_at(d, off, pos)


def other_side(side: str | None) -> str | None:
    """The opponent of a party in its conflict, when the conflict has exactly two parties."""
    if side is None:
        return None
    from geo.lang import conflicts

    for c in conflicts():
        ids = [p["id"] for p in c["parties"]]
        if side in ids and len(ids) == 2:
            return ids[1 - ids.index(side)]
    return None


def _side_value(side) -> str | None:
    if side is None:
        return None
    return side.value if hasattr(side, "value") else side


def _actor_res(code: str):
    from geo.claims.lexicon import lexicon

    return lexicon(code).actor_res


def _datelines(text: str, lang) -> list[tuple[int, int]]:
    pats = lang.raw.get("reporting.toml", {}).get("patterns", {})
    if "dateline" not in pats:
        return []
    out = []
    for name in ("dateline", "dateline_titled"):
        if name in pats:
            out += [m.span() for m in lang.regex("reporting", name).finditer(text[:4000])]
    return sorted(out)


__all__ = ["Reader", "other_side", "parties"]
