"""Case forms of Ukrainian and Russian place names, and the Cyrillic names of regions.

Ukrainian and Russian write a place in six or seven cases ("Покровськ", "у Покровську", "під
Покровськом"; "Велика Новосілка", "біля Великої Новосілки"): the gazetteer's Aho-Corasick
matcher finds only the names it holds, so the build adds each Cyrillic name's case forms as
names of the same place.  The forms come from ``pymorphy3`` and its ``pymorphy3-dicts-uk`` /
``pymorphy3-dicts-ru`` dictionaries (OpenCorpora, VESUM): the name's nominative parse is chosen,
its lexeme read, and in a multi-word name every adjective agrees with the head noun in case,
number and gender.

    >>> sorted(forms("Велика Новосілка", "uk"))[:3]
    ['Великій Новосілці', 'Великої Новосілки', 'Велику Новосілку']

:func:`forms`, :func:`nominative` and :func:`skeleton` are pure and cached; the build's hook
that feeds them into the gazetteer, and the matcher of Russian spellings, are in
:mod:`gazetteer.cyrillic`.
"""
from __future__ import annotations

import functools
import re

from geo.text import fold

__all__ = ["SKELETON", "forms", "languages_of", "nominative", "skeleton"]

#: The oblique cases a name is generated in (the nominative is the name itself).
CASES = {"uk": ("gent", "datv", "accs", "ablt", "loct"),
         "ru": ("gent", "datv", "accs", "ablt", "loct", "loc2")}
_APOS = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})
_CYR = re.compile(r"[\u0400-\u04FF]")
_UK_ONLY = re.compile(r"[іїєґ']")
_RU_ONLY = re.compile(r"[ыэёъ]")
_PERSON = {"Surn", "Name", "Patr"}
_SKIP = frozenset({"Arch", "Infr", "Erro", "Dist"})


@functools.cache
def _morph(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


#: ``_UK_ONLY`` with the apostrophes ``_APOS`` unifies: searched in the lower-cased name
#: without translating it first (a translation costs a dictionary lookup per letter)
_UK_LETTERS = re.compile("[іїєґ'" + "".join(sorted(chr(c) for c in _APOS)) + "]")


def languages_of(name: str) -> tuple[str, ...]:
    """The languages a Cyrillic name may be written in, by its letters."""
    low = name.lower()
    if _UK_LETTERS.search(low):
        return ("uk",)
    if _RU_ONLY.search(low):
        return ("ru",)
    return ("uk", "ru")


def _score(p, head: bool) -> float:
    g = p.tag.grammemes
    s = p.score
    s += 4 if "nomn" in g else 0
    s += 2 if "Geox" in g else 0
    s -= 3 if g & _PERSON else 0
    s -= 1 if "anim" in g else 0
    s += 1 if (p.tag.POS == "NOUN") == head else 0
    return s


#: Memos of the build: a dictionary word's parses (cleared by :func:`clear_memos`), and a
#: parse's lexeme as plain tuples, read once for all cases of a name instead of once per case.
_PARSES: dict = {}
_LEXEMES: dict = {}
_TAGS: dict = {}
_PARSE_MEMO = 20_000


def _parse(m, word: str) -> tuple:
    key = (m.lang, word)
    hit = _PARSES.get(key)
    if hit is None:
        if len(_PARSES) >= _PARSE_MEMO:
            _PARSES.clear()  # bounded: the build's peak memory stays where it was
        hit = _PARSES[key] = tuple(m.parse(word))
    return hit


def _str(g) -> str | None:
    return None if g is None else str(g)


def _tag_info(t) -> tuple:
    """(case, POS, number, gender, grammemes) of a tag, as plain strings (pymorphy's typed
    grammemes check every comparison); the dictionaries share their tag objects, so each is
    read once (keyed by identity, the tag kept alive beside it)."""
    hit = _TAGS.get(id(t))
    if hit is None or hit[0] is not t:
        hit = _TAGS[id(t)] = (t, (_str(t.case), _str(t.POS), _str(t.number), _str(t.gender),
                                  t.grammemes))
    return hit[1]


def _lexeme(p) -> tuple:
    """(word, case, POS, number, gender, grammemes) of every form of a parse's lexeme.  Kept
    while :func:`forms` works on one name (its cases read it five or six times), keyed by the
    parse object (the parses are :func:`_parse`'s, alive meanwhile); a memo across names
    would hold every lexeme of the build."""
    hit = _LEXEMES.get(id(p))
    if hit is None or hit[0] is not p:
        hit = _LEXEMES[id(p)] = (p, tuple((f.word, *_tag_info(f.tag)) for f in p.lexeme))
    return hit[1]


def clear_memos() -> None:
    """Free the build's memos (a few hundred MB of parses and lexemes)."""
    _PARSES.clear()
    _LEXEMES.clear()
    _TAGS.clear()
    forms.cache_clear()


def _best(m, word: str, head: bool):
    ps = [p for p in _parse(m, word) if p.tag.POS in ("NOUN", "ADJF")]
    return max(ps, key=lambda p: _score(p, head)) if ps else None


def _case_forms(p, case: str, number: str | None, gender: str | None) -> set[str]:
    if case == "accs" and p.tag.POS == "ADJF" and ((number or "sing") == "plur"
                                                    or gender in ("masc", "neut")):
        case = "nomn"  # a place is inanimate: its masculine accusative is its nominative
    out = set()
    pos = _str(p.tag.POS)
    for word, t_case, t_pos, t_number, t_gender, grammemes in _lexeme(p):
        if t_case != case or t_pos != pos:
            continue
        if (t_number or "sing") != (number or "sing"):
            continue
        if gender and t_gender and (number or "sing") == "sing" and t_gender != gender:
            continue
        if case == "accs" and "anim" in grammemes:
            continue  # a place is inanimate: "Старий Салтів" -> "Старий Салтів", not "Старого"
        if _SKIP & grammemes:
            continue
        out.add(word)
    return out


def _shape(form: str, like: str) -> str:
    """``form`` written with the capitals of ``like`` ("великої" like "Велика" -> "Великої")."""
    if like.isupper() and len(like) > 1:
        return form.upper()
    if like[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _split_word(word: str) -> tuple[str, str, str]:
    """(fixed prefix, the part that declines, fixed suffix) of one written word: a hyphenated
    name declines its last part ("Івано-Франківськ"), or its first before a preposition
    ("Ростов-на-Дону")."""
    parts = word.split("-")
    if len(parts) == 1:
        return "", word, ""
    for k, part in enumerate(parts[1:], 1):
        if part.lower() in ("на", "над", "під", "под", "у", "в"):
            return "", "-".join(parts[:k]), "-" + "-".join(parts[k:])
    return "-".join(parts[:-1]) + "-", parts[-1], ""


@functools.lru_cache(maxsize=400_000)
def forms(name: str, lang: str) -> frozenset[str]:
    """Every oblique case form of the place name ``name`` in ``lang`` ("uk" or "ru").

    Multi-word names agree: adjectives take the head noun's case, number and gender.  Words
    that do not decline (a genitive complement, a number) stay as written.  Ukrainian names
    also come without their apostrophe ("Купянськ"), as texts often write them.
    """
    if lang not in CASES or not _CYR.search(name):
        return frozenset()
    words = name.translate(_APOS).split()
    if not words or len(words) > 4:
        return frozenset()
    m = _morph(lang)
    pieces = [_split_word(w) for w in words]
    parses = [_best(m, core.lower(), head=True) if core else None for _, core, _ in pieces]
    head = None
    for k in range(len(words) - 1, -1, -1):
        p = parses[k]
        if p is not None and p.tag.POS == "NOUN" and "nomn" in p.tag.grammemes:
            head = p
            # the words before the head are its adjectives where they can be ("Золота Балка")
            for j in range(k):
                if pieces[j][1]:
                    adj = _best(m, pieces[j][1].lower(), head=False)
                    if adj is not None and adj.tag.POS == "ADJF" and "nomn" in adj.tag.grammemes:
                        parses[j] = adj
            break
    if head is None:  # an adjective alone ("Садове", "Птичье") declines as itself
        head = next((p for p in parses if p is not None and "nomn" in p.tag.grammemes), None)
    if head is None:
        return frozenset()
    number = head.tag.number or ("plur" if "Pltm" in head.tag.grammemes else "sing")
    gender = head.tag.gender
    out: set[str] = set()
    for case in CASES[lang]:
        options: list[list[str]] = []
        for (pre, core, post), p, word in zip(pieces, parses, words):
            if p is None or "nomn" not in p.tag.grammemes:
                options.append([word])
                continue
            if p.tag.POS == "ADJF" and p is not head:
                # the adjective's nominative parse of the head's gender
                cands = [q for q in _parse(m, core.lower()) if q.tag.POS == "ADJF"
                         and "nomn" in q.tag.grammemes
                         and (q.tag.gender in (None, gender) or number == "plur")]
                p = cands[0] if cands else p
            got = _case_forms(p, case, number, gender if p.tag.POS == "ADJF" else None)
            if not got:
                options.append([word])
                continue
            options.append(sorted(pre + _shape(g, core) + post for g in got)[:3])
        combos = [[]]
        for opt in options:
            combos = [c + [o] for c in combos for o in opt][:9]
        for c in combos:
            out.add(" ".join(c))
    _LEXEMES.clear()
    if lang == "uk":
        out |= {f.replace("'", "") for f in out if "'" in f}
        bare = name.translate(_APOS)
        if "'" in bare:
            out.add(bare.replace("'", ""))
    out.discard(name.translate(_APOS))
    return frozenset(out)


@functools.lru_cache(maxsize=20_000)
def nominative(text: str, lang: str) -> str:
    """A place name as written in some case, back in the nominative ("Великої Новосілки" ->
    "Велика Новосілка", "под Бахмутом" is not asked: only the name).  Words the dictionary
    cannot place stay as written."""
    if lang not in CASES or not _CYR.search(text):
        return text
    m = _morph(lang)
    words = text.translate(_APOS).split()
    parses = []
    for w in words:
        ps = [p for p in m.parse(w.lower()) if p.tag.POS in ("NOUN", "ADJF")
              and not (p.tag.grammemes & _PERSON)]
        parses.append(ps)
    head = None
    for ps in reversed(parses):
        nouns = [p for p in ps if p.tag.POS == "NOUN"]
        if nouns:
            head = max(nouns, key=lambda p: p.score + (1 if "Geox" in p.tag.grammemes else 0))
            break
    out = []
    for w, ps in zip(words, parses):
        if not ps or ps[0].tag.case == "nomn" and len(ps) == 1:
            out.append(w)
            continue
        if head is not None and head in ps:
            p = head
        else:
            same = [p for p in ps if head is None or p.tag.case == head.tag.case]
            p = (same or ps)[0]
        want = {"nomn"}
        if p.tag.POS == "ADJF" and head is not None and head.tag.gender:
            want.add(head.tag.gender)
        f = p.inflect(want) or p.inflect({"nomn"})
        out.append(_shape(f.word, w) if f else w)
    return " ".join(out)


#: Keys of consonant skeletons start with this character, which no folded text contains.
SKELETON = "\x01"
_VOWELS = frozenset("аеєиіїоуыэюяйё")
_VOWEL_RUN = re.compile("[" + "".join(sorted(_VOWELS)) + "]+")


def skeleton(name: str, folded: str | None = None) -> str:
    """A name's consonants (after its first letter), for matching a Russian spelling of a
    Ukrainian name: "Різниківка" and "Резниковка" -> "\\x01рзнквк".  ``folded``: the name
    folded (a gazetteer key of it: its words are the same) when the caller has it."""
    words = []
    if folded is None:
        folded = fold(name)
    for w in folded.replace("'", "").replace("ь", "").replace("ъ", "").split():
        if not w:
            continue
        head = "a" if w[0] in _VOWELS else w[0]
        rest = w[1:]
        if rest.isalpha():  # the common case: drop the vowels in one pass
            words.append(head + _VOWEL_RUN.sub("", rest))
        else:
            words.append(head + "".join(c for c in rest if c.isalpha() and c not in _VOWELS))
    return SKELETON + " ".join(words)
