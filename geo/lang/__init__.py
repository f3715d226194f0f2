"""Language data as files: ``geo/lang/<code>/*.toml``, one schema for every language.

Like spaCy's ``spacy/lang/<code>/``, each language is a folder of the same few files; the
engines (recognize, resolve, claims) hold no words of any language and read them from here.
Adding a language is adding a folder (and its tests), not editing an engine.

    >>> en = load("en")
    >>> en.triggers[0].event.value in {e.value for e in Event}
    True
    >>> en.regex("status", "unverified").search("could not be independently verified") is not None
    True

Each file is checked once when first loaded against :data:`SCHEMA`; a bad file is a
:class:`~geo.errors.LanguageDataError` naming the file and the key.  The schema is documented,
file by file, in ``geo/lang/README.md``.

Patterns are Python regular expressions over the sentence text (apostrophes unified to ``'``);
a pattern may name a word list of the same file as ``{list_name}``, which becomes an
alternation of those words (escaped).  ``lemmas`` and ``forms`` serve languages read through
a parser or a lemmatiser: ``lemmas`` are dictionary forms, ``forms`` literal inflected forms.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import LanguageDataError
from geo.model import Event, Side

__all__ = ["HERE", "SCHEMA", "ActorDef", "ClaimantDef", "Language", "Trigger", "conflicts", "languages", "load", "parties"]

HERE = Path(__file__).resolve().parent

# Field types: "str", "bool", "[str]" (list of strings), "regex", "[regex]", "{regex}" (table of
# named patterns), "{[str]}" (table of named word lists), "{str}" (table of strings),
# and for arrays of tables a dict of field -> type (a trailing "?" marks an optional field).
_TRIGGER = {"event": "event", "lemmas": "[str]?", "forms": "[str]?", "patterns": "[regex]?",
            "note": "str?", "loser": "bool?"}
_CLAIMANT = {"name": "str", "side": "side?", "party": "party?", "kind": "str?",
             "patterns": "[regex]?", "aliases": "[str]?", "forms": "[str]?", "note": "str?"}
_ACTOR = {"actor": "str", "patterns": "[regex]?", "forms": "[str]?"}
SCHEMA: dict[str, dict[str, Any]] = {
    "language.toml": {"code": "str", "name": "str", "script": "str", "parser": "str?",
                      "aux": "[str]?", "tag_map": "{str}?"},
    "events.toml": {"trigger": [_TRIGGER], "ground_events": "[event]?", "words": "{[str]}?",
                    "patterns": "{regex}?"},
    "claimants.toml": {"claimant": [_CLAIMANT], "assessors": "[str]?", "words": "{[str]}?"},
    "actors.toml": {"actor": [_ACTOR], "words": "{[str]}?", "patterns": "{regex}?"},
    "status.toml": {"words": "{[str]}?", "patterns": "{regex}?", "lemmas": "{[str]}?"},
    "reporting.toml": {"verbs": "[str]?", "nouns": "[str]?", "stances": "{[str]}?",
                       "coref": "{[str]}?", "words": "{[str]}?", "patterns": "{regex}?"},
    "places.toml": {"words": "{[str]}?", "patterns": "{regex}?", "abbreviations": "{str}?",
                    "country_words": "{str}?"},
    "dates.toml": {"words": "{[str]}?", "patterns": "{regex}?"},
}
REQUIRED_FILES = ("language.toml",)


@dataclass(frozen=True, slots=True)
class Trigger:
    """An event cue: its event, and how it is written (lemmas, inflected forms, patterns)."""

    event: Event
    lemmas: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    loser: bool = False  # the subject is the side that lost the place ("withdrew from")


@dataclass(frozen=True, slots=True)
class ClaimantDef:
    """A source that makes claims: canonical name, side (None: the side follows the place)."""

    name: str
    side: Side | None
    kind: str = "party"
    patterns: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    party: str | None = None  # a party of another war (geo/lang/conflicts.toml)


@dataclass(frozen=True, slots=True)
class ActorDef:
    actor: str
    patterns: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Language:
    """One language's data, validated.  ``raw`` keeps each file's parsed TOML."""

    code: str
    name: str
    script: str
    parser: str | None
    triggers: tuple[Trigger, ...]
    claimants: tuple[ClaimantDef, ...]
    actors: tuple[ActorDef, ...]
    raw: dict[str, dict[str, Any]] = field(repr=False)
    _compiled: dict = field(default_factory=dict, repr=False, compare=False)

    def words(self, file: str, name: str) -> tuple[str, ...]:
        """A named word list of ``<file>.toml`` (``[words]`` table); empty if absent."""
        return tuple(self.raw.get(f"{file}.toml", {}).get("words", {}).get(name, ()))

    def pattern(self, file: str, name: str) -> str:
        """A named pattern of ``<file>.toml`` with its ``{word_list}`` references expanded."""
        try:
            src = self.raw[f"{file}.toml"]["patterns"][name]
        except KeyError as err:
            raise LanguageDataError(f"{self._path(file)}: no pattern {name!r}") from err
        return self.expand(file, src)

    def regex(self, file: str, name: str, flags: int = 0) -> re.Pattern[str]:
        """:meth:`pattern`, compiled (cached)."""
        key = (file, name, flags)
        rx = self._compiled.get(key)
        if rx is None:
            rx = self._compiled[key] = re.compile(self.pattern(file, name), flags)
        return rx

    def expand(self, file: str, src: str, extra: dict[str, list[str]] | None = None) -> str:
        """``src`` with its ``{word_list}`` references expanded (``extra``: lists an engine
        derives from the data, e.g. every month word)."""
        lists = self.raw.get(f"{file}.toml", {}).get("words", {})
        if extra:
            lists = {**lists, **extra}
        return _expand(src, lists, self._path(file))

    def table(self, file: str, name: str) -> dict[str, Any]:
        """A top-level table of ``<file>.toml`` (e.g. ``places.abbreviations``); empty if absent."""
        return dict(self.raw.get(f"{file}.toml", {}).get(name, {}))

    def ground_regex(self) -> re.Pattern[str]:
        """Every trigger of a ground event (``events.ground_events``) as one pattern: fighting
        that happens in villages, as against strikes that reach cities far from the front."""
        return _ground(self.code)

    def _path(self, file: str) -> str:
        return f"geo/lang/{self.code}/{file}.toml"


_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _expand(src: str, lists: dict[str, list[str]], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in lists:
            return m.group(0)  # a regex quantifier such as {2} never matches [a-z_]
        words = sorted(lists[name], key=len, reverse=True)
        return "(?:" + "|".join(re.escape(w) for w in words) + ")"
    return _REF.sub(sub, src)


@functools.cache
def _ground(code: str) -> re.Pattern[str]:
    lang = load(code)
    ground = set(lang.raw.get("events.toml", {}).get("ground_events", ()))
    alts = [p for t in lang.triggers if t.event.value in ground for p in t.patterns]
    return re.compile(r"(?i)\b(?:" + ("|".join(alts) or r"(?!x)x") + ")")


_CONFLICT = {"id": "str", "name": "str", "parties": [{"id": "str", "name": "str"}],
             "note": "str?", "army": "str?", "countries": "[str]?"}


@functools.cache
def conflicts() -> tuple[dict[str, Any], ...]:
    """The conflicts registry (``geo/lang/conflicts.toml``): id, name and parties of each war."""
    path = HERE / "conflicts.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise LanguageDataError(f"{path}: not readable TOML ({err})") from err
    _check_table(data, {"conflict": [_CONFLICT]}, str(path))
    for i, c in enumerate(data.get("conflict", ())):
        if c.get("army") and c["army"] not in {p["id"] for p in c["parties"]}:
            raise LanguageDataError(f"{path}: conflict[{i}]: army: {c['army']!r} is not one of "
                                    "its parties")
    return tuple(data.get("conflict", ()))


def conflicts_in(countries: set[str] | frozenset[str]) -> tuple[dict[str, Any], ...]:
    """The registry's wars fought in any of ``countries`` (their ``countries`` lists)."""
    return tuple(c for c in conflicts() if set(c.get("countries", ())) & set(countries))


@functools.cache
def parties() -> dict[str, str]:
    """Party id -> name, over every conflict of the registry (a claim's ``claimant_side``)."""
    out: dict[str, str] = {}
    for c in conflicts():
        for p in c["parties"]:
            out.setdefault(p["id"], p["name"])
    return out


def languages() -> list[str]:
    """The codes of the languages that have a folder here."""
    return sorted(p.name for p in HERE.iterdir() if (p / "language.toml").is_file())


@functools.cache
def load(code: str, root: str | None = None) -> Language:
    """The validated data of language ``code`` (``root``: another folder of language folders)."""
    base = Path(root) if root else HERE
    folder = base / code
    if not (folder / "language.toml").is_file():
        raise LanguageDataError(f"no language data for {code!r} (expected {folder}/language.toml)")
    raw: dict[str, dict[str, Any]] = {}
    for name, spec in SCHEMA.items():
        path = folder / name
        if not path.is_file():
            if name in REQUIRED_FILES:
                raise LanguageDataError(f"{path}: missing")
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise LanguageDataError(f"{path}: not readable TOML ({err})") from err
        _check_table(data, spec, f"{path}")
        raw[name] = data
    for extra in sorted(folder.glob("*.toml")):
        if extra.name not in SCHEMA:
            raise LanguageDataError(f"{extra}: unknown language data file (expected one of "
                                    f"{', '.join(SCHEMA)})")
    meta = raw["language.toml"]
    if meta["code"] != code:
        raise LanguageDataError(f"{folder}/language.toml: code: {meta['code']!r} but the folder "
                                f"is {code!r}")
    ev = raw.get("events.toml", {})
    cl = raw.get("claimants.toml", {})
    ac = raw.get("actors.toml", {})
    lang = Language(
        code=code, name=meta["name"], script=meta["script"], parser=meta.get("parser"),
        triggers=tuple(Trigger(Event(t["event"]), tuple(t.get("lemmas", ())),
                               tuple(t.get("forms", ())),
                               tuple(_expand(p, ev.get("words", {}), f"{folder}/events.toml")
                                     for p in t.get("patterns", ())),
                               bool(t.get("loser", False)))
                       for t in ev.get("trigger", ())),
        claimants=tuple(ClaimantDef(c["name"], Side(c["side"]) if c.get("side") else None,
                                    c.get("kind", "party"), tuple(c.get("patterns", ())),
                                    tuple(c.get("aliases", ())), tuple(c.get("forms", ())),
                                    c.get("party"))
                        for c in cl.get("claimant", ())),
        actors=tuple(ActorDef(a["actor"], tuple(a.get("patterns", ())), tuple(a.get("forms", ())))
                     for a in ac.get("actor", ())),
        raw=raw)
    # every named pattern must compile once its word lists are expanded
    for fname, data in raw.items():
        for key, src in (data.get("patterns") or {}).items():
            _check_regex(_expand(src, data.get("words", {}), ""), f"{folder}/{fname}: patterns.{key}")
    return lang


def _check_table(data: dict[str, Any], spec: dict[str, Any], where: str) -> None:
    for key in data:
        if key not in spec:
            raise LanguageDataError(f"{where}: unknown key {key!r} (expected one of "
                                    f"{', '.join(spec)})")
    for key, typ in spec.items():
        optional = isinstance(typ, str) and typ.endswith("?")
        if key not in data:
            if not optional and not isinstance(typ, list):
                raise LanguageDataError(f"{where}: missing key {key!r}")
            continue
        _check_value(data[key], typ.rstrip("?") if isinstance(typ, str) else typ,
                     f"{where}: {key}")


def _check_value(v: Any, typ: Any, where: str) -> None:
    if isinstance(typ, list):  # an array of tables
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise LanguageDataError(f"{where}: expected an array of tables ([[...]])")
        for i, item in enumerate(v):
            _check_table(item, typ[0], f"{where}[{i}]")
        return
    if typ.startswith("[") and typ.endswith("]"):
        if not isinstance(v, list):
            raise LanguageDataError(f"{where}: expected a list, got {type(v).__name__}")
        for i, x in enumerate(v):
            _check_value(x, typ[1:-1], f"{where}[{i}]")
        return
    if typ.startswith("{") and typ.endswith("}"):
        if not isinstance(v, dict):
            raise LanguageDataError(f"{where}: expected a table, got {type(v).__name__}")
        for k, x in v.items():
            _check_value(x, typ[1:-1], f"{where}.{k}")
        return
    if typ == "bool":
        if not isinstance(v, bool):
            raise LanguageDataError(f"{where}: expected true or false, got {v!r}")
        return
    if not isinstance(v, str):
        raise LanguageDataError(f"{where}: expected a string, got {type(v).__name__} {v!r}")
    if typ == "event" and v not in {e.value for e in Event}:
        raise LanguageDataError(f"{where}: {v!r} is not an event (expected one of "
                                f"{', '.join(e.value for e in Event)})")
    if typ == "party" and v not in parties():
        raise LanguageDataError(f"{where}: {v!r} is not a party of geo/lang/conflicts.toml "
                                f"(expected one of {', '.join(sorted(parties()))})")
    if typ == "side" and v not in {s.value for s in Side}:
        raise LanguageDataError(f"{where}: {v!r} is not a side (expected one of "
                                f"{', '.join(s.value for s in Side)})")
    if typ == "regex":
        _check_regex(v, where)


def _check_regex(src: str, where: str) -> None:
    try:
        re.compile(src)
    except re.error as err:
        raise LanguageDataError(f"{where}: not a valid regular expression ({err})") from err
