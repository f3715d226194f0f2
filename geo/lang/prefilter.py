"""A regular expression with a cheap necessary test in front of it (speed, same answers).

Most of the language data's patterns (claimant names, cues) do not occur in most sentences,
yet Python's ``re`` tries every alternative at every position of the text to say so.  From
the compiled pattern itself we work out literal pieces of which every match must contain one
("russian", "russia's", "moscow's" for ``(?:russia's|russian|moscow's) (?:army|...)``); when
none is in the text (a substring test in C), the pattern cannot match and is not run.
The test only ever skips a search that would have failed: :meth:`Prefiltered.search` answers
exactly as ``pattern.search`` does (tests/test_prefilter.py checks this on the language data).
A pattern whose pieces cannot be worked out (no literal it must contain) is always run.
"""
from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    import re._constants as _c
    import re._parser as _p
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

#: a piece shorter than this is not worth testing (it is in nearly every text)
MIN_PIECE = 3


def fold(text: str) -> str:
    """The form pieces and texts are compared in (case-insensitive patterns match across
    case; ``casefold`` only ever maps two spellings a case-insensitive match joins, or more)."""
    return text.casefold()


class Prefiltered:
    """``pattern`` with ``pieces``: literal strings (folded) of which every match holds one,
    or None when there is no such set."""

    __slots__ = ("pattern", "pieces")

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        self.pieces = necessary_pieces(pattern)

    def could_match(self, folded: str) -> bool:
        """False only when the pattern cannot match the text whose :func:`fold` is ``folded``."""
        return self.pieces is None or any(map(folded.__contains__, self.pieces))

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        """``pattern.search(text)``; ``folded`` is ``fold(text)`` when the caller has it."""
        if self.pieces is not None:
            if folded is None:
                folded = fold(text)
            if not any(map(folded.__contains__, self.pieces)):
                return None
        return self.pattern.search(text)

    def finditer(self, text: str, folded: str | None = None):
        if self.pieces is not None:
            if folded is None:
                folded = fold(text)
            if not any(map(folded.__contains__, self.pieces)):
                return iter(())
        return self.pattern.finditer(text)


def necessary_pieces(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Folded literal strings of which every match of ``pattern`` contains at least one, or
    None.  Only the pattern's structure is read: literal runs, groups, alternations and
    repeats of at least one; anything else (classes, any character, lookarounds, back
    references, verbose or locale flags) ends a literal run or gives no pieces."""
    if pattern.flags & (re.LOCALE | re.VERBOSE):  # pragma: no cover - not used by our data
        return None
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except re.error:  # pragma: no cover - it compiled above
        return None
    found = _seq(list(parsed))
    if not found or any(len(p) < MIN_PIECE for p in found):
        return None
    return tuple(sorted(set(found)))


def _seq(items: list[tuple[Any, Any]]) -> list[str] | None:
    """The best piece set of a sequence: one of its literal runs, or one of its parts'
    sets (the set whose shortest piece is longest)."""
    options: list[list[str]] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            options.append([fold("".join(run))])
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        end_run()
        sub = _item(op, av)
        if sub:
            options.append(sub)
    end_run()
    if not options:
        return None
    return max(options, key=lambda ps: (min(len(p) for p in ps), -len(ps)))


def _item(op, av) -> list[str] | None:
    if op is _c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags & re.VERBOSE or del_flags & re.IGNORECASE:
            return None  # a case-sensitive island: its pieces would still be safe, but keep simple
        return _seq(list(sub))
    if op is _c.BRANCH:
        _, branches = av
        out: list[str] = []
        for b in branches:
            ps = _seq(list(b))
            if not ps:
                return None  # one alternative has no piece: the alternation has none
            out.extend(ps)
        return out
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, _hi, sub = av
        if lo >= 1:
            return _seq(list(sub))
        return None
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(list(av))
    return None


class Alternation:
    """``(?i)\\b(?:(?P<n0>b0)|(?P<n1>b1)|...)`` over named branches, run with only the branches
    that can match the text: each branch's :func:`necessary_pieces` are tested first (substring
    tests in C) and the alternation of the rest is compiled once per set of branches and kept.

    Same answers as the whole alternation: a branch that cannot match anywhere in the text
    fails at every position, so leaving it out changes no match (which branch wins where two
    overlap stays the order of the list).  ``lastgroup`` names the branch as before.
    tests/test_prefilter.py checks this on the language data."""

    __slots__ = ("_subs", "branches", "pattern", "pieces", "prefix")
    MAX_KEPT = 4096  # compiled sub-alternations kept (a new set past this compiles each time)

    def __init__(self, branches, prefix: str = r"(?i)\b"):
        self.branches = tuple(branches)  # (group name or None, pattern)
        self.prefix = prefix
        self.pattern = self._compile(tuple(range(len(self.branches))))
        flags = "(?i)" if self.pattern.flags & re.IGNORECASE else ""
        self.pieces = tuple(necessary_pieces(re.compile(f"{flags}(?:{p})"))
                            for _, p in self.branches)
        self._subs: dict[tuple[int, ...], re.Pattern[str]] = {}

    def _compile(self, idx: tuple[int, ...]) -> re.Pattern[str]:
        return re.compile(self.prefix + "(?:" + "|".join(
            f"(?P<{self.branches[i][0]}>{self.branches[i][1]})" if self.branches[i][0]
            else self.branches[i][1] for i in idx) + ")")

    def for_text(self, text: str, folded: str | None = None) -> re.Pattern[str] | None:
        """The alternation of the branches that can match ``text`` (None: none can)."""
        if folded is None:
            folded = fold(text)
        idx = tuple(i for i, ps in enumerate(self.pieces)
                    if ps is None or any(map(folded.__contains__, ps)))
        if not idx:
            return None
        if len(idx) == len(self.branches):
            return self.pattern
        found = self._subs.get(idx)
        if found is None:
            found = self._compile(idx)
            if len(self._subs) < self.MAX_KEPT:
                self._subs[idx] = found
        return found

    def finditer(self, text: str, folded: str | None = None):
        rx = self.for_text(text, folded)
        return iter(()) if rx is None else rx.finditer(text)

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        """``pattern.search(text, pos, endpos)`` (the branches are chosen on the span)."""
        end = len(text) if endpos is None else endpos
        rx = self.for_text(text[pos:end])
        return None if rx is None else rx.search(text, pos, end)
