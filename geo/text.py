"""Text helpers shared by the stages: sentence spans and offset-preserving case folding."""
from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "\u2019\u2018\u02bc\u02b9\u0060\u00b4\u2032"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212-"


def _fold_char(c: str) -> str:
    if c in _APOSTROPHES:
        return "'"
    if c in _DASHES or c.isspace():
        return " "
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


class _FoldTable(dict):
    """``str.translate`` table filled on demand: each character is worked out once."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < 200_000:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip diacritics, unify apostrophes, turn dashes and whitespace into spaces.

    The result has exactly the length of ``text`` so offsets found in it are offsets in
    ``text``.

    >>> fold("Zalizné — Pokrovsk’s")
    "zalizne   pokrovsk's"
    >>> len(fold("İstanbul")) == len("İstanbul")
    True
    """
    return text.translate(_FOLD_TABLE)


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace
# and an upper-case letter, a quote or a digit, or at a line break.  Abbreviations such as
# "Mr." "U.S." "Gen." do not end a sentence.
_ABBREV = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "no", "vs",
           "u.s", "u.k", "u.n", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
           "sep", "sept", "oct", "nov", "dec", "gov", "sen", "rep", "prof", "inc", "jr", "sr"}
_BOUNDARY = re.compile(r"""[.!?]["'”’)\]]*\s+(?=["'“‘(]?[A-Z0-9\u0400-\u04FF])|\n+""")


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, whitespace trimmed.

    >>> t = "Mr. Putin spoke. Kyiv replied.\\nCaption line"
    >>> [t[a:b] for a, b in sentences(t)]
    ['Mr. Putin spoke.', 'Kyiv replied.', 'Caption line']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0)[0] == ".":
            word = re.search(r"([\w.]+)\.$", text[start:m.start() + 1])
            if word and word.group(1).lower() in _ABBREV:
                continue
        end = m.start() + len(m.group(0).rstrip())
        _add(spans, text, start, end)
        start = m.end()
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]", re.U)


class Document:
    """One article, analysed once and handed to every stage (as spaCy's ``Doc`` is).

    ``text`` is the article's text; ``folded`` its :func:`fold` (same length, so offsets agree);
    ``sentences`` the sentence spans; ``tokens`` word and punctuation spans (worked out on first
    use); ``language`` the article's language code when known; ``parse`` room for a syntactic
    analysis that a stage fills (the claims wing parses the sentences that can hold a claim).

    >>> from geo.model import Article
    >>> d = Document(Article(id="a", text="Mr. Putin spoke. Kyiv replied."))
    >>> [d.text[a:b] for a, b in d.sentences]
    ['Mr. Putin spoke.', 'Kyiv replied.']
    >>> d.sentence_at(20), d.folded[17:21]
    (1, 'kyiv')
    """

    __slots__ = ("article", "text", "folded", "sentences", "_starts", "_tokens", "language",
                 "parse")

    def __init__(self, article, *, language: str | None = None):
        self.article = article
        self.text: str = article.text
        self.folded: str = fold(self.text)
        self.sentences: list[tuple[int, int]] = sentences(self.text)
        self._starts = [a for a, _ in self.sentences]
        self._tokens: list[tuple[int, int]] | None = None
        self.language: str | None = language or getattr(article, "language", None)
        self.parse: dict = {}  # stage-specific analyses, e.g. {"spacy": {sentence index: Doc}}

    @property
    def tokens(self) -> list[tuple[int, int]]:
        if self._tokens is None:
            self._tokens = [m.span() for m in _TOKEN.finditer(self.text)]
        return self._tokens

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence holding ``offset`` (the one before it, between two)."""
        return span_index(self._starts, offset)

    def __repr__(self) -> str:
        return (f"Document({self.article.id!r}, {len(self.text)} chars, "
                f"{len(self.sentences)} sentences)")


def document(article_or_doc) -> Document:
    """The :class:`Document` of an article (a document is returned as it is)."""
    return article_or_doc if isinstance(article_or_doc, Document) else Document(article_or_doc)


def span_index(starts: list[int], pos: int) -> int:
    """The index of the last of the sorted ``starts`` at or before ``pos`` (0 before the first).

    >>> span_index([0, 10, 20], 15), span_index([0, 10, 20], 20), span_index([5], 0)
    (1, 2, 0)
    """
    import bisect

    return max(0, bisect.bisect_right(starts, pos) - 1)
