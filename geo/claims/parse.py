"""The dependency parser behind English attribution: spaCy, loaded once per process.

The model is named by the language data (``parser`` in ``geo/lang/<code>/language.toml``) and
installed by ``make install`` from ``requirements/model.txt`` (pinned by hash).  Only the
pipes attribution reads are kept (tokens, tags, lemmas, dependencies): named entities are
disabled.  Only the sentences that can hold a claim are parsed (see :func:`geo.claims.tag`).

``FRONTLINE_PARSER=0`` in the environment turns the parser off: the engine then reads
attribution from the regular-expression frames alone (benchmarks measure both).
A Dask worker loads the model on its first task and keeps it (:func:`parser` is cached).

Speed without changing an analysis: the tag-map POS and the lemmas are set from arrays (the
lemmas are the rule lemmatizer's, memoised), :func:`token_at` finds a token by offset with a
binary search, and :class:`Batch` parses the sentences of several articles in one call.
"""
from __future__ import annotations

import functools
import os
import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from geo.errors import FrontlineError
from geo.lang import load

#: pipes that attribution does not read; the attribute ruler is replaced by the language's
#: tag map (``tag_map`` and ``aux`` in language.toml) when it has one
DISABLED = ("ner",)


class ParserUnavailable(FrontlineError):
    """The language's parser model is not installed."""


def enabled() -> bool:
    return os.environ.get("FRONTLINE_PARSER", "1").strip().lower() not in ("0", "no", "off",
                                                                              "false")


@functools.cache
def parser(code: str = "en"):
    """The spaCy pipeline of language ``code`` (None when the language names no parser)."""
    name = load(code).parser
    if not name:
        return None
    try:
        import spacy

        nlp = spacy.load(name, exclude=list(DISABLED))
    except (ImportError, OSError) as err:
        raise ParserUnavailable(f"the {code} parser model {name!r} is not installed "
                                f"(run `make install`): {err}") from err
    meta = load(code).raw["language.toml"]
    if meta.get("tag_map") and "attribute_ruler" in nlp.pipe_names:
        _tag_map_component(code, meta["tag_map"], meta.get("aux", ()))
        nlp.replace_pipe("attribute_ruler", f"frontline_pos_{code}")
    if "lemmatizer" in nlp.pipe_names and getattr(nlp.get_pipe("lemmatizer"), "mode",
                                                   None) == "rule":
        _fast_lemmas(nlp, code)
    return nlp


def _fast_lemmas(nlp, code: str) -> None:
    """Replace the rule lemmatizer by a component that gives every token the lemma the
    lemmatizer gives it, remembered by what it reads (the word, its part of speech and its
    morphology): spaCy caches only some of its answers, and sets each lemma through a Token
    object.  Speed only: the lemmas are the lemmatizer's own."""
    import numpy
    from spacy.attrs import LEMMA, MORPH, ORTH, POS
    from spacy.language import Language

    lem = nlp.get_pipe("lemmatizer")
    name = f"frontline_lemma_{code}"
    rule, overwrite, memo = lem.rule_lemmatize, lem.overwrite, {}

    def lemmas(doc):
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        out = []
        for i, (orth, pos, morph, old) in enumerate(
                doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if old and not overwrite:
                out.append(old)
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = strings.add(rule(doc[i])[0])
                if len(memo) < 500_000:
                    memo[key] = found
            out.append(found)
        doc.from_array([LEMMA], numpy.asarray(out, dtype="uint64").reshape(-1, 1))
        return doc

    if not Language.has_factory(name):
        Language.component(name, func=lambda doc: _LEMMAS[code](doc))
    _LEMMAS[code] = lemmas
    nlp.replace_pipe("lemmatizer", name)


_LEMMAS: dict = {}  # language code -> the function of its fast lemmatizer component


def _tag_map_component(code: str, tag_map: dict, aux) -> None:
    """Register a component that sets the coarse part of speech from the fine tag."""
    from spacy.language import Language

    name = f"frontline_pos_{code}"
    if Language.has_factory(name):
        return
    aux = frozenset(aux)

    import numpy
    from spacy.attrs import LOWER, POS, TAG

    strings: dict = {}  # hash of a fine tag or a word -> its string, filled on first sight

    def pos_of(tag: int, lower: int, vocab) -> int:
        key = (tag, lower)
        found = strings.get(key)
        if found is None:
            pos = tag_map.get(vocab.strings[tag] if tag else "", "X")
            if pos == "VERB" and vocab.strings[lower] in aux:
                pos = "AUX"
            found = vocab.strings.add(pos)
            if len(strings) < 500_000:
                strings[key] = found
        return found

    @Language.component(name)
    def _pos(doc):
        # one array in and one out instead of a Token object per word (speed)
        if not len(doc):
            return doc
        arr = doc.to_array([TAG, LOWER])
        vocab = doc.vocab
        out = [pos_of(tag, lower, vocab) for tag, lower in arr.tolist()]
        doc.from_array([POS], numpy.asarray(out, dtype="uint64").reshape(-1, 1))
        return doc


def available(code: str = "en") -> bool:
    """True when the parser of ``code`` is enabled and installed."""
    if not enabled():
        return False
    try:
        return parser(code) is not None
    except ParserUnavailable:
        return False


def parse(texts: Sequence[str], code: str = "en") -> list:
    """spaCy ``Doc``s of ``texts`` (one per sentence), in order.

    Called from an article read inside a :class:`Batch`, the request joins the batch's one
    ``nlp.pipe`` call (the analyses are the same: spaCy parses each sentence on its own)."""
    batch = getattr(_LOCAL, "batch", None)
    if batch is not None and texts:
        return batch.parse(texts, code)
    return _pipe(texts, code)


def _pipe(texts: Sequence[str], code: str) -> list:
    nlp = parser(code)
    if nlp is None or not texts:
        return [None] * len(texts)
    return list(nlp.pipe(_clip(texts), batch_size=64))


_LOCAL = threading.local()  # .batch: the Batch the current thread's article belongs to


class Batch:
    """Parse the sentences of several articles in one ``nlp.pipe`` call (speed: spaCy's cost
    per call and per small matrix is paid once for the batch, not once per article).

    :meth:`run` reads each article in a thread of its own, one thread running at a time: an
    article runs until it asks for its parse (it then waits) or ends; then the next starts.
    Once every article has asked or ended, their requests are parsed in one call, in order,
    and the articles resume one after the other, each to its end.  Every request is parsed:
    nothing is shared between articles, so identical sentences of two articles are parsed
    twice.  A second request of an article, after the batch was parsed, is parsed alone.
    Memory is bounded by the batch."""

    def __init__(self):
        self._parsed = False

    def run(self, calls: Sequence[tuple]) -> list[dict]:
        """``fn(*args)`` for each ``(fn, *args)`` of ``calls``; one slot per call, in order,
        holding ``result`` or ``error`` (raised by the caller in the article's turn)."""
        slots = []
        for fn, *args in calls:
            slot: dict = {"parked": threading.Event()}
            slot["thread"] = threading.Thread(target=self._work, args=(slot, fn, args),
                                              daemon=True)
            slot["thread"].start()
            slot["parked"].wait()  # it asked for its parse, or ended
            slots.append(slot)
        waiting = [s["request"] for s in slots if "request" in s]
        for code in dict.fromkeys(r["code"] for r in waiting):
            mine = [r for r in waiting if r["code"] == code]
            try:
                docs = _pipe([t for r in mine for t in r["texts"]], code)
            except Exception as err:
                for r in mine:
                    r["error"] = err
                continue
            i = 0
            for r in mine:
                r["docs"] = docs[i:i + len(r["texts"])]
                i += len(r["texts"])
        self._parsed = True
        for s in slots:
            if "request" in s:
                s["request"]["go"].set()
            s["thread"].join()
        return slots

    def _work(self, slot: dict, fn, args) -> None:
        _LOCAL.batch, _LOCAL.slot = self, slot
        try:
            slot["result"] = fn(*args)
        except BaseException as err:  # re-raised by the caller, in the article's turn
            slot["error"] = err
        finally:
            _LOCAL.batch = _LOCAL.slot = None
            slot["parked"].set()

    def parse(self, texts: Sequence[str], code: str) -> list:
        slot = getattr(_LOCAL, "slot", None)
        if self._parsed or slot is None or "request" in slot:
            return _pipe(texts, code)
        request = {"texts": texts, "code": code, "go": threading.Event()}
        slot["request"] = request
        slot["parked"].set()
        request["go"].wait()
        if "error" in request:
            raise request["error"]
        return request["docs"]


_SURROGATES = re.compile("[\ud800-\udfff]")


def _clip(texts: Iterable[str]) -> Iterable[str]:
    for t in texts:
        t = t if len(t) <= 2000 else t[:2000]  # a runaway "sentence" (a table) stays cheap
        # a lone surrogate (from a JSON escape) cannot be encoded for the parser: one
        # replacement character keeps every offset where it was
        yield _SURROGATES.sub("\ufffd", t) if _SURROGATES.search(t) else t


def token_at(doc, offset: int, pos: int):
    """The token of ``doc`` (a sentence starting at article offset ``offset``) whose characters
    hold article offset ``pos``, or None (between tokens, outside the sentence).  A binary
    search over the tokens' starts, worked out once per ``Doc``, instead of a scan."""
    if doc is None:
        return None
    starts = doc.user_data.get("frontline_starts")
    if starts is None:
        from spacy.attrs import IDX

        starts = doc.user_data["frontline_starts"] = doc.to_array(IDX).tolist()
    i = bisect_right(starts, pos - offset) - 1
    if i < 0:
        return None
    tok = doc[i]
    return tok if pos - offset < tok.idx + len(tok.text) else None
