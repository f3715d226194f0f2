"""Recognize: find every span of an article that names a gazetteer place.

One Aho-Corasick pass over the folded text (:func:`geo.text.fold` keeps offsets) finds every
gazetteer name at once; then the matches are cut down to what a reader would call a place:

- whole words only (a possessive ``Pokrovsk's`` or a hyphenated ``Kramatorsk-Sloviansk`` counts),
- the longest match wins (``Sukhyi Yar`` over ``Yar``, ``Kursk region`` over ``Kursk``),
- the surface is capitalised (``Ukraine`` not ``ukraine``; names of 3 letters or fewer must be
  written in capitals, ``US`` but not ``us``),
- not a demonym or adjective (``Russian``), not a known person's name (``Putin``), not part of a
  longer capitalised name (``Dmitry Peskov``, ``New York Times``, ``Donetsk People's Republic``),
- not in boilerplate: photo credits, newsletter sign-ups, bylines,
- a name whose every candidate is a down-weighted alternate (a common word, a very short
  name) needs a locative cue before it ("in", "near", "village of").
"""
from __future__ import annotations

import re
from typing import Protocol, Sequence

from geo.lang import load as _load_language
from geo.model import Article, Candidate, Mention, PlaceType
from geo.places.demonyms import demonyms
from geo.text import Document, document, fold

_LANG = _load_language("en")  # the words this module reads (geo/lang/en/places.toml)
# ukru: Ukrainian and Russian place words join the English ones (geo/lang/{uk,ru}/places.toml)
_OTHER = [_load_language(c) for c in ("uk", "ru")]


def _all_words(name: str) -> frozenset[str]:
    return frozenset(_LANG.words("places", name)) | frozenset(
        fold(w) for lang in _OTHER for w in lang.words("places", name))


class NameIndex(Protocol):
    automaton: object

    def candidates(self, key: str) -> list[Candidate]: ...


#: Words that name people, peoples or languages, never a place (checked on the folded form).
NOT_PLACES = _all_words("not_places")

#: Names of sources that are not states (armed groups, media, people: claimants.toml): "Wagner",
#: "Hamas", "SAF" are actors, not the Brazilian town or any namesake, unless the text places
#: them ("Wagner, South Dakota").  States are left out: "Kyiv" and "Moscow" are places too.
_ACTORS = tuple(re.compile(rf"(?i)(?:{p})") for c in _LANG.claimants if c.kind != "state"
                for p in c.patterns)
_PLACED_AFTER = re.compile(r",[ \t]+[A-Z]")


def _actor_name(surface: str, text: str, end: int) -> bool:
    return (any(rx.fullmatch(surface) for rx in _ACTORS)
            and not _PLACED_AFTER.match(text, end))


#: Titles before a person's name: "President Vladimir Putin", "Mr Witkoff".
TITLES = frozenset(_LANG.words("places", "titles"))

#: Capitalised words that may stand right before a place name without making it part of a
#: longer proper name ("Eastern Ukraine", "In Pokrovsk", "Russian-occupied Donetsk").
ALLOWED_BEFORE = _all_words("allowed_before")

#: Capitalised words that may follow a place name ("Dublin Airport", "Kursk Oblast").
ALLOWED_AFTER = _all_words("allowed_after")

#: Sentences that are page furniture rather than reporting.
BOILERPLATE = _LANG.regex("places", "boilerplate")
#: Photo credits and bylines: the text after these cues up to the end of the line.
CREDIT = _LANG.regex("places", "credit")
LOCATIVE_BEFORE = _LANG.regex("places", "locative_before")
_LOCATIVES = [lang.regex("places", "locative_before") for lang in _OTHER]  # ukru

_WORD = re.compile(r"[\w'’\-]+", re.U)
_NO_WORD_BEFORE = re.compile(r"(?<!\w)")
_NO_WORD_AFTER = re.compile(r"(?!\w)")
_CAP_WORD_BEFORE = re.compile(r"([\w'’.\-]+)[ \t]+$", re.U)
_CAP_WORD_AFTER = re.compile(r"^[ \t]+([\w'’\-]+)", re.U)
_LONGER_NAME_AFTER = _LANG.regex("places", "longer_name_after")


def recognize(article: Article | Document, index: NameIndex) -> list[Mention]:
    """Every place-name span of ``article``, in text order, without overlaps.

    Parameters
    ----------
    article : the article to read, or its analysed :class:`~geo.text.Document`.
    index : the gazetteer (``gazetteer.load()``) or anything with ``automaton`` and
        ``candidates(key)``.

    Examples
    --------
    An index that knows "pokrovsk" finds it in "Pokrovsk's" but not in "pokrovskiy"::

        recognize(Article(id="a", text="Pokrovsk's streets"), gz)  # -> [Mention('Pokrovsk', 0, 8)]
    """
    doc = document(article)
    text = doc.text
    raw = _matches(doc.folded, index)
    spans = _longest(raw)
    skip = _boilerplate_spans(text, doc.sentences)
    adjectives = demonyms()
    sent_starts = {a for a, _ in doc.sentences}
    out: list[Mention] = []
    # surnames: a name written as part of a person's name anywhere in the article ("Mark
    # Zuckerberg", "Mr. Heiden", "Mike de Kock") is that person when it stands alone too
    people: set[str] = set()
    plain_words = _PlainWords(text)
    span_at = {a: k for a, _, k in spans}
    span_end = {b for _, b, _ in spans}
    for start, end, key in spans:
        if any(a <= start < b for a, b in skip):
            continue
        surface = text[start:end]
        if surface[:4] in ("the ", "The ") and _article_is_optional(key, index):
            # an alternate name with its article ("the Donbas"): the name is what follows
            start, surface, key = start + 4, surface[4:], key[4:]
        if not _looks_like_name(surface, key) and not (
                surface.isupper() and (_country_initials(surface, key, index)
                                       or _dateline(text, start, end))):
            continue
        if key in NOT_PLACES or key in adjectives or _actor_name(surface, text, end):
            continue
        if _FORMATION_AFTER.match(text, end):
            continue  # "the Centre group of forces", "the Black Sea Fleet": an actor
        # ukru: "Днепровское Херсонской области": a region's genitive right after a name
        # says where it is; neither capitalised word makes the other part of a longer name
        region_after = (end + 1 in span_at and text[end:end + 1] == " "
                        and _CYRILLIC_REGION(span_at[end + 1], index))
        region_self = (start - 1 in span_end and text[start - 1:start] == " "
                       and _CYRILLIC_REGION(key, index))
        if _part_of_longer_name(text, doc.folded, start, end, sent_starts, index,
                                before=not region_self, after=not region_after):
            if _person_name_at(text, start, index):
                people.add(key)
            continue
        if len(key) <= 3 and not _names_country(key, index) and not (
                surface.isupper() and _CYRILLIC_REGION(key, index)):  # ukru: "ДНР", "ЛНР"
            continue  # short capitals are acronyms (EU, UN, II) unless they name a country (US)
        if _weak(key, index) and not _locative_cue(text, start):
            continue
        if start in sent_starts and _word_elsewhere(plain_words, surface, key, index):
            continue  # "Most of the drones were shot down", with "most" used as a word too
        if _person_name_at(text, start, index):
            people.add(key)
        out.append(Mention(text=surface, start=start, end=end, name=key))
    if people:
        out = [m for m in out if m.name not in people or _locative_cue(text, m.start)
               or _names_country(m.name, index)]
    return out


def _matches(folded: str, index: NameIndex) -> list[tuple[int, int, str]]:
    found = []
    # whole words only: a name may start where no word character precedes it and end where
    # none follows (both position sets are found in C, once per text)
    starts = {m.start() for m in _NO_WORD_BEFORE.finditer(folded)}
    ends = {m.start() for m in _NO_WORD_AFTER.finditer(folded)}
    # the automaton stores each name's length: the matched key is the folded text itself
    for last, length in index.automaton.iter(folded):  # type: ignore[attr-defined]
        start = last - length + 1
        if start in starts and last + 1 in ends:
            found.append((start, last + 1, folded[start:last + 1]))
    return found


def _longest(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping."""
    matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out: list[tuple[int, int, str]] = []
    reach = -1
    for m in matches:
        if m[0] >= reach:
            # a longer match starting inside the previous one beats it ("the Kharkiv region")
            out.append(m)
            reach = m[1]
        elif out and (m[1] - m[0]) > (out[-1][1] - out[-1][0]) and m[1] > reach:
            out[-1] = m
            reach = m[1]
    return out


_CREDIT_WORDS = frozenset(_LANG.words("places", "credit_words"))


def _is_credit(tail: str) -> bool:
    """"Gavriil Grigorov/AFP/Getty Images" is a credit; "A destroyed building in Kharkiv" after
    "Photo:" is a caption, and captions name places."""
    words = re.findall(r"[^\W\d_][\w'’.\-]*", tail)
    lower = [w for w in words if w[0].islower() and w not in _CREDIT_WORDS]
    return len(lower) < 2


def _boilerplate_spans(text: str, sents: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in CREDIT.finditer(text)
             if _is_credit(text[m.start():m.end()].split(":", 1)[-1])]
    for a, b in sents:
        if BOILERPLATE.search(text[a:b]):
            spans.append((a, b))
    return spans


#: Kind words a name may carry in lower case ("Donetsk region", "Crimean peninsula", "Dnipro
#: river"); a settlement word may not ("the Ukrainian village of ..." is a phrase).
_LOWER_IN_NAMES = frozenset(_LANG.words("places", "region_words")) | frozenset(
    _LANG.words("places", "water_words")) | frozenset(_LANG.words("places", "lowercase_in_names"))
#: ukru: the beginnings of such words in Ukrainian and Russian, which decline ("Ростовской
#: области", "на Покровському напрямку").
_LOWER_STEMS = tuple(w for lang in _OTHER for w in lang.words("places", "lowercase_in_names"))


#: a lower-case Arabic article before a capitalised name ("el-Fula", "al-Fasher", "ad-Dindar")
_ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|ed|ash|as|an|ar|at|az|ez)[-‐‑][A-Z]")


def _looks_like_name(surface: str, key: str) -> bool:
    first = surface[0]
    if not first.isupper() and not _ARABIC_ARTICLE.match(surface):
        # Lower-case place names are not names in English prose ("kyiv" in a machine
        # translation is the one common exception, and it is a metonym there anyway).
        return False
    letters = [c for c in surface if c.isalpha()]
    if len(letters) <= 3 and not all(c.isupper() for c in letters):
        return False
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return False  # ALL-CAPS words are acronyms (NATO, TASS) or headline shouting
    # every long word of a name is capitalised: "the Ukrainian village of" is not the Chicago
    # neighbourhood "Ukrainian Village"; short joining words are ("Isle of Man", "Ростов-на-Дону")
    for word in surface.split()[1:]:
        if word[:1].islower() and len(word) > 4 and word not in _PARTICLES \
                and word.lower().rstrip("s") not in _LOWER_IN_NAMES \
                and not word.startswith(_LOWER_STEMS) \
                and not _ARABIC_ARTICLE.match(word):  # "Deir al-Balah", "Tel el-Sultan"
            return False
    return True


#: Words after a name that make it a military formation, an actor rather than a place.
_FORMATION_AFTER = _LANG.regex("places", "formation_after")


def _article_is_optional(key: str, index: NameIndex) -> bool:
    """"the Donbas" is "Donbas"; "The Hague" is not "Hague" (a weak alternate at best)."""
    bare = index.candidates(key[4:])
    return bool(bare) and (max(c.weight for c in bare)
                           >= max((c.weight for c in index.candidates(key)), default=0.0))


class _PlainWords:
    """The article's words written in lower case, collected once and only if asked for."""

    __slots__ = ("text", "_words")

    def __init__(self, text: str):
        self.text, self._words = text, None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = {w for w in _TOKEN.findall(self.text) if w.islower()}
        return word in self._words


_TOKEN = re.compile(r"[\w'’-]+")


def _word_elsewhere(plain_words: _PlainWords, surface: str, key: str, index: NameIndex) -> bool:
    """A capitalised word at the start of a sentence whose lower-case form the article also
    uses as a plain word is that word ("Most", "Police", "Split"), not a town of that name."""
    low = surface.lower()
    if low == surface or " " in surface:
        return False
    if any(c.place.place_type in (PlaceType.COUNTRY, PlaceType.REGION)
           for c in index.candidates(key)):
        return False
    return low in plain_words


_DATELINE_AFTER = re.compile(r"(?:,[ \t]|[ \t]*(?:—|–|--|-[ \t]|\())")


def _dateline(text: str, start: int, end: int) -> bool:
    """"KYIV, Ukraine (AP) —", "WINNIPEG —": a capitalised place opening a line is the dateline."""
    line_start = text.rfind("\n", 0, start) + 1
    head = text[line_start:start]
    return ((not head.strip() or head.strip().isupper())
            and len(head) < 30 and _DATELINE_AFTER.match(text, end) is not None)


def _CYRILLIC_REGION(key: str, index: NameIndex) -> bool:
    """A Cyrillic name of a region: an initialism ("ДНР") is the region, as "US" is the
    country; a region's name right after a place's says where it is."""
    return bool(re.search(r"[\u0400-\u04FF]", key)) and any(
        c.place.place_type is PlaceType.REGION for c in index.candidates(key))


def _names_country(key: str, index: NameIndex) -> bool:
    return any(c.place.place_type is PlaceType.COUNTRY for c in index.candidates(key))


def _country_initials(surface: str, key: str, index: NameIndex) -> bool:
    """Capitals that stand for a country are its name, not an acronym ("DPRK", "USA", "UAE")."""
    return len(surface) <= 8 and _names_country(key, index)


def _part_of_longer_name(text: str, folded: str, start: int, end: int,
                         sent_starts: set[int], index: NameIndex, *, before: bool = True,
                         after: bool = True) -> bool:
    """True when the match sits inside a longer capitalised name (a person, an organisation);
    ``before``/``after`` False: the word on that side is not read."""
    before = before and _CAP_WORD_BEFORE.search(text[max(0, start - 40):start])
    if before:
        word = before.group(1)
        wstart = start - len(before.group(0))
        fw = fold(word)
        if (word[:1].isupper() and fw not in ALLOWED_BEFORE
                and fw.removesuffix("'s") not in ALLOWED_BEFORE
                and not word.endswith((".", "'s", "’s"))
                and (wstart not in sent_starts or fw in NOT_PLACES or fw in TITLES)):
            return True
    if after and _LONGER_NAME_AFTER.match(text[end:end + 40]):
        return True  # "Hani al-Jaafarawi": the name goes on
    after = after and _CAP_WORD_AFTER.search(text[end:end + 40])
    if after and text[end:end + 1] in " \t":
        word = after.group(1)
        fw = fold(word)
        if word[:1].isupper() and fw.removesuffix("'s") not in ALLOWED_AFTER:
            return True
    return False


_PARTICLES = frozenset(_LANG.words("places", "particles"))
_NAME_BEFORE = re.compile(r"([A-Z][\w'’]*\.?)(?:[ \t]+(?:[A-Z]\.|[a-z]{1,4}))?[ \t]+$|"
                          r"([A-Z][a-z]+)-$")
# "CEO Mark Zuckerberg", "councillor Dewly Nelson": a title, a given name, the surname
_TITLE_GIVEN_BEFORE = re.compile(r"(?<![\w.])([A-Za-z]+)\.?[ \t]+([A-Z][a-z]+)[ \t]+$")


def _person_name_at(text: str, start: int, index: NameIndex) -> bool:
    """Is the name at ``start`` the surname in a person's name: after a title ("Mr. Heiden"),
    a given name with an initial or a particle ("Gino D. Bassett", "Mike de Kock"), or a
    hyphenated first part ("Diaz-Balart")?"""
    window = text[max(0, start - 40):start]
    if not window.endswith("-"):
        # cheap guard first: every pattern below needs a capitalised word among the last two
        words = window.split()[-2:]
        if not any(w.lstrip("([{\"'“‘")[:1].isupper() for w in words):
            return False
    t = _TITLE_GIVEN_BEFORE.search(window)
    if (t is not None and fold(t.group(1)) in TITLES
            and fold(t.group(2)) not in ALLOWED_BEFORE):
        return True
    m = _NAME_BEFORE.search(window)
    if m is None:
        return False
    if m.group(2):  # "Diaz-Balart", not "Vietnam-Russia" nor "Russian-occupied"
        fw = fold(m.group(2))
        return (fw not in ALLOWED_BEFORE and fw not in demonyms() and fw not in NOT_PLACES
                and not any(c.place.place_type is not PlaceType.SETTLEMENT
                            or c.place.population >= 100_000 for c in index.candidates(fw)))
    word = m.group(1)
    fw = fold(word).rstrip(".")
    middle = m.group(0)[len(word):].strip()
    if fw in TITLES:
        return not middle  # "Mr. Heiden", not "Crown Prince of Dubai"
    if not middle:
        return False  # a plain "Word Name" pair is handled by _part_of_longer_name
    if middle[0].isupper() or middle in _PARTICLES:
        # "Gino D. Bassett", "Mike de Kock": a capitalised given name before
        return fw not in ALLOWED_BEFORE and fw not in NOT_PLACES and word[-1] != "."
    return False


def _weak(key: str, index: NameIndex) -> bool:
    """A name whose every candidate is a down-weighted alternate (a common word, a short name)."""
    cands = index.candidates(key)
    return bool(cands) and max(c.weight for c in cands) < 0.5


def _locative_cue(text: str, start: int) -> bool:
    before = text[max(0, start - 30):start]
    return bool(LOCATIVE_BEFORE.search(before)) or any(rx.search(before) for rx in _LOCATIVES)


_UNKNOWN = _LANG.regex("places", "unknown")


def unknown_names(article: Article, mentions: Sequence[Mention]) -> list[Mention]:
    """Names the text presents as places ("the village of X") that the gazetteer does not know.

    They are reported as unresolved (or asked of the online geocoder when enabled) rather than
    silently dropped.
    """
    text = article.text
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for m in _UNKNOWN.finditer(text):
        a, b = m.span(1)
        if any(x < b and a < y for x, y in taken):
            continue
        name = fold(m.group(1)).strip()
        if name in NOT_PLACES or name in demonyms():
            continue
        out.append(Mention(text=m.group(1), start=a, end=b, name=name))
    return out
