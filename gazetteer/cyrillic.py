"""Cyrillic names in the gazetteer: the build's hook and the matcher of Russian spellings.

:func:`add_to_table` (called once by :func:`gazetteer.build.build`) adds, for every Cyrillic
name of a place in the war zone, a region or a country, its case forms (:func:`gazetteer.forms.forms`);
the Cyrillic names of first-level regions (the oblast adjective with "область"/"обл."; the
"-щина" names; names the language data lists, such as "ДНР"); hromadas, raions and front
directions named after towns; and each Ukrainian name's consonant skeleton, under which a
Russian spelling of it is found (:func:`skeleton_mentions`, run by the pipeline after
recognition on Russian texts).  The rules are data: ``geo/lang/{uk,ru}/places.toml``.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from gazetteer import derived
from gazetteer.forms import (_APOS, _CYR, SKELETON, _morph, clear_memos, languages_of, nominative,
                             skeleton)
from geo.text import fold

__all__ = ["FORM_COUNTRIES", "add_to_table", "region_names", "skeleton_mentions"]

#: Countries whose places' Cyrillic names get their case forms (and regions and countries).
FORM_COUNTRIES = frozenset({"UA", "RU", "BY", "MD"})


def _rules(lang: str, name: str) -> list[tuple[str, str]]:
    """``from>to`` suffix rules of a word list in ``geo/lang/<lang>/places.toml``."""
    from geo.lang import load

    out = []
    for rule in load(lang).words("places", name):
        a, _, b = rule.partition(">")
        out.append((a, b))
    return out


def _derive(stem: str, rules: list[tuple[str, str]], first: bool = False) -> set[str]:
    """``stem`` with each ``from>to`` suffix rule that fits applied (only the first: ``first``)."""
    out = set()
    low = stem.lower()
    for a, b in rules:
        if low.endswith(a):
            out.add(stem[:len(stem) - len(a)] + b if a else stem + b)
            if first:
                break
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
        for name, lang in sorted(names):  # sorted: the same table whatever the hash seed
            t.name(i, name, main=True)
            hint[name] = lang
            stats["region names"] += 1
    stats["areas"] = _add_areas(t, hint)
    stats["directions"] = _add_directions(t, hint)
    # every Cyrillic name of a place in the war zone, a region or a country, in every case
    todo = []
    for key, entries in t.index.items():
        if key.isascii() or not _CYR.search(key):  # isascii: a flag, no scan
            continue
        for i, main, w, name in entries:
            if t.country[i] in FORM_COUNTRIES or t.ptype[i] in ("region", "country"):
                todo.append((i, main, w, name))
    before = set(t.index)
    index = t.index
    forms_of: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (name, lang) -> (form, key)
    inflected = 0
    derived.MISSES.clear()
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
            keyed = forms_of.get((name, lang))  # namesakes share their forms and keys
            if keyed is None:
                # pymorphy3's forms, read from the vendored table (gazetteer/derived.py),
                # sorted: whatever the hash seed
                keyed = forms_of[(name, lang)] = [
                    (f, " ".join(fold(f).split())) for f in sorted(derived.case_forms(name, lang))]
            for f, key in keyed:
                weight = w
                if key in before and all(e[0] != i for e in index[key]):
                    weight = min(w, 0.3)  # another place's own name ("Іванівки")
                t.name(i, f, main=main, weight=weight, key=key)
            inflected += len(keyed)
    if inflected:
        stats["case forms"] += inflected
    stats["names inflected"] = len(todo)
    del before, todo, forms_of  # freed before the skeletons are added (the build's peak)
    # a Cyrillic name is the place's own name in its own country's text (Київ, Курск): as
    # main a name as its English one; and each Ukrainian name's consonant skeleton, which its
    # Russian spelling shares ("Різниківка" / "Резниковка"), under a key no text folds to
    on_skeleton: dict[str, set[int]] = {}  # places under each skeleton key (made only here)
    ukrainian: dict[str, bool] = {}  # name -> written in Ukrainian letters (namesakes repeat)
    country = t.country
    promoted = added = 0
    for key, entries in list(t.index.items()):
        if key.isascii() or not _CYR.search(key) or key.startswith(SKELETON):
            continue
        short = key.count(" ") <= 2
        sk = None  # the key's skeleton, worked out on first use: its names all fold to it
        for j, (i, main, w, name) in enumerate(entries):  # no entry is added to this key
            cc = country[i]
            if not main and w >= 0.9 and cc in FORM_COUNTRIES:
                # what t.name(i, name, main=True, weight=w, key=key) does to this entry, the
                # place's only one under the key: (True, w) beats (False, w)
                entries[j] = (i, True, w, name)
                promoted += 1
            if cc == "UA" and short:
                uk = ukrainian.get(name)
                if uk is None:
                    uk = ukrainian[name] = "uk" in languages_of(name)
                if not uk:
                    continue
                if sk is None:
                    sk = skeleton(name, key)
                if len(sk) >= len(SKELETON) + 3:
                    places = on_skeleton.get(sk)
                    if places is None:
                        places = on_skeleton[sk] = set()
                        t.index.setdefault(sk, [])
                    if i not in places:
                        places.add(i)
                        t.index[sk].append((i, False, 0.6, name))
                        added += 1
    if promoted:
        stats["promoted"] += promoted
    if added:
        stats["skeletons"] += added
    clear_memos()
    derived.clear()
    if derived.MISSES:  # names the vendored table lacks were computed (python -m gazetteer.derive)
        t.stats["case_forms_computed"] = len(derived.MISSES)
    return dict(stats)


_UK_RU = str.maketrans({"і": "и", "ї": "и", "є": "е", "'": "", "І": "И", "Ї": "И", "Є": "Е"})
_ADJ_RU = (("ська", "ская"), ("цька", "цкая"), ("зька", "зкая"), ("ський", "ский"),
           ("цький", "цкий"), ("зький", "зкий"))


def _russian_adjective(adj: str) -> str:
    """A Ukrainian adjective in Russian letters ("Білопільська" -> "Билопильская"), as Russian
    texts write Ukrainian hromadas and raions."""
    a = adj.translate(_APOS)
    for uk, ru in _ADJ_RU:
        if a.endswith(uk):
            return a[:-len(uk)].translate(_UK_RU) + ru
    return a.translate(_UK_RU)


#: Towns of at least this many people name a front's direction ("Покровський напрямок").
DIRECTION_POPULATION = 5_000


def _add_directions(t, hint: dict[str, str]) -> int:
    """"на Куп'янському напрямку", "на Покровском направлении": a direction named after a town
    is that town's alternate name (the data's ``direction_nouns`` and ``direction_rules``)."""
    from geo.lang import load

    rules = {lang: (_rules(lang, "direction_rules"), load(lang).words("places", "direction_nouns"))
             for lang in ("uk", "ru")}
    added = 0
    for key, entries in list(t.index.items()):
        if key.isascii() or not _CYR.search(key) or " " in key or key.startswith(SKELETON):
            continue
        for i, main, w, name in list(entries):
            if (t.country[i] != "UA" or t.ptype[i] != "settlement" or w < 0.9
                    or t.population[i] < DIRECTION_POPULATION):
                continue
            for lang in languages_of(name):
                derive, nouns = rules[lang]
                for adj in _derive(name.translate(_APOS), derive, first=True):
                    for noun in nouns:
                        t.name(i, f"{adj} {noun}", main=False, weight=0.9)
                        hint[f"{adj} {noun}"] = lang
                        added += 1
    return added


def _add_areas(t, hint: dict[str, str]) -> int:
    """Hromadas and raions (KATOTTG), each at its namesake centre town: "Марганецька громада",
    "Нікопольський район", "Нікопольщина"."""
    try:
        from translitua import translit
    except ImportError:
        return 0
    rows = derived.register()
    at = {}
    for i, raw in enumerate(t.raw):
        kid = raw.get("katottg") if isinstance(raw, dict) else None
        if kid and kid not in at:
            at[kid] = i
    children: dict[str, list] = defaultdict(list)
    for r in rows:
        for anc in r.ancestors or ():
            children[anc].append(r)
    oblast_areas = {fold(k).strip() for k in t.index if k.endswith(("щина", "ччина"))}
    added = 0
    for r in rows:
        if r.category not in ("H", "P"):
            continue
        adj = r.name.translate(_APOS)
        stem = re.sub(r"(?:ська|цька|зька|ський|цький|зький)$", "", adj)
        if stem == adj or len(stem) < 3:
            continue
        pre = fold(stem)[:max(3, len(stem) - 1)]
        towns = [c for c in children.get(r.id, ()) if c.category in ("M", "T", "C")
                 and fold(c.name).startswith(pre) and c.id in at]
        if not towns:
            continue
        town = min(towns, key=lambda c: "MTC".index(c.category))
        j = at[town.id]
        kind = "hromada" if r.category == "H" else "Raion"
        i = t.add(id=f"katottg:{r.id}", name=f"{translit(town.name)} {kind}", lat=t.lat[j],
                  lon=t.lon[j], ptype="region", country="UA", admin1=t.admin1[j],
                  admin1_code=t.admin1_code[j], precision="approximate",
                  note=f"{kind} at its centre town ({translit(town.name)})", source="katottg",
                  raw={"katottg": r.id, "name_uk": f"{adj} {'громада' if kind == 'hromada' else 'район'}"})
        noun_uk, noun_ru = ("громада", "громада") if kind == "hromada" else ("район", "район")
        for name, lang in ((f"{adj} {noun_uk}", "uk"),
                           (f"{_russian_adjective(adj)} {noun_ru}", "ru")):
            t.name(i, name, main=True)
            hint[name] = lang
        if kind == "Raion":
            area = _derive(adj, [("ський", "щина"), ("цький", "ччина")])
            for name in sorted(area):
                if fold(name) not in oblast_areas:
                    t.name(i, name, main=True)
                    hint[name] = "uk"
        added += 1
    return added


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
        rows = derived.register()
        oblast_of = {r.id: (r.ancestors[0] if r.ancestors else None) for r in rows}
        oblast_names = {r.id: r.name for r in rows if r.category == "O"}
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
        if not key.isascii() and _CYR.search(key):
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


def skeleton_mentions(doc, mentions: list, gz, lang: str | None) -> list:
    """Russian spellings of Ukrainian places ("населенный пункт Резниковка"): a capitalised
    name the text presents as a place (after a place-kind word, or in a list of places) whose
    gazetteer matches lie outside Ukraine, matched by its consonant skeleton to a Ukrainian
    name.  Returns the mentions, with such names added or replaced."""
    if lang != "ru":
        return mentions
    from geo.lang import load
    from geo.model import Mention

    text = doc.text
    cue = load("ru").regex("places", "place_cue")
    named_admin1 = set()
    for m in mentions:
        for c in gz.candidates(m.name):
            if c.place.place_type.value == "region" and c.place.admin1_code:
                named_admin1.add(c.place.admin1_code)
    by_start = {m.start: m for m in mentions}
    out = {m.start: m for m in mentions}
    list_open = False
    prev_end = 0  # where the last name considered ended (a list continues from there)
    for w in _NAME.finditer(text):
        a, b = w.span()
        before = text[max(0, a - 40):a]
        cued = bool(cue.search(before)) or (list_open and _LIST_GAP.fullmatch(text[prev_end:a]))
        list_open = False
        prev_end = b
        old = by_start.get(a)
        if not cued and old is None:
            continue  # a word the gazetteer does not know needs a place-kind word before it
        list_open = cued
        if old is None and any(m.start < b and a < m.end for m in mentions):
            continue
        exact = gz.candidates(old.name) if old is not None else []
        if any(c.place.admin1_code in named_admin1 for c in exact):
            continue  # the name as written is a place in a region the article names
        span = old.text if old is not None else w.group(0)
        sk = skeleton(nominative(span, "ru"))
        found = gz.candidates(sk)
        if not found and old is None and " " in span:  # two words, or the first alone
            span = span.split()[0]
            sk = skeleton(nominative(span, "ru"))
            found = gz.candidates(sk)
            b = a + len(span)
        if not any(c.place.admin1_code in named_admin1 for c in found):
            # a Russian soft consonant before a vowel is often a Ukrainian double one
            # ("Ильинка" / "Іллінка"): that skeleton is tried as well
            doubled = _SOFT_BEFORE_VOWEL.sub(r"\1\1", nominative(span, "ru"))
            sk2 = skeleton(doubled)
            if sk2 != sk:
                found2 = gz.candidates(sk2)
                if any(c.place.admin1_code in named_admin1 for c in found2):
                    sk, found = sk2, found2
        if any(c.place.admin1_code in named_admin1 for c in found) or (
                cued and not any(c.place.country == "UA" for c in exact)
                and any(c.place.country == "UA" for c in found)):
            out[a] = Mention(text=text[a:old.end] if old is not None else span, start=a,
                             end=old.end if old is not None else b, name=sk)
            prev_end = out[a].end  # read by the next name's list test
    return sorted(out.values(), key=lambda m: m.start)


_NAME = re.compile(r"(?<![\w-])[А-ЯЁ][а-яё]+(?:-[А-Яа-яё][а-яё]+|\s[А-ЯЁ][а-яё]+)?(?![\w-])")
_SOFT_BEFORE_VOWEL = re.compile(r"([бвгджзклмнпрстфхцчшщ])ь(?=[аеёиоуыэюяі])", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:,|\s+и\s+|\s+или\s+)\s*")
