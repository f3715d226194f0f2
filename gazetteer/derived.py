"""Vendored derived tables: results of the build's expensive, deterministic steps, precomputed.

``data/case_forms.tsv.gz`` holds :func:`gazetteer.forms.forms` (pymorphy3's case forms) of every
(Cyrillic name, language) the build asks for, so a cold build reads them instead of running
pymorphy3 on 51,000 names (about half the build's time).  The table depends only on the
vendored and installed inputs (GeoNames, KATOTTG, the curated CSVs, the pinned pymorphy3
dictionaries) and on the code; ``python -m gazetteer.derive`` regenerates it, and
``tests/test_gazetteer_derived.py`` recomputes a sample and checks the build needed no
name the table lacks.  A name not in the table (an edited CSV, a new data release) is
computed by pymorphy3 as before: the table only saves time, it never changes a result.

Format: one line per (name, language), ``name<TAB>lang<TAB>forms`` with the forms ``|``-joined
in sorted order, each written as how many characters to drop from the end of the name and
what to append ("Покровськ" + "0:у" = "Покровську"; "Велика Новосілка" + "11:ої Новосілки").
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path

from gazetteer.forms import forms

__all__ = ["FORMS_TABLE", "case_forms", "decode", "encode", "read_forms", "write_forms"]

FORMS_TABLE = Path(__file__).resolve().parent / "data" / "case_forms.tsv.gz"
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


def write_forms(table: dict[tuple[str, str], frozenset[str]], path: Path | str = FORMS_TABLE) -> None:
    """Write the table (sorted, gzip without a timestamp: the same table gives the same bytes)."""
    from geo.files import atomic_path

    for (name, lang), fs in table.items():
        for v in (name, lang, *fs):
            if any(c in v for c in "\t\n|"):
                raise ValueError(f"case form table: a tab, newline or '|' in {v!r}")
    lines = [f"{name}\t{lang}\t{'|'.join(encode(name, f) for f in sorted(fs))}\n"
             for (name, lang), fs in sorted(table.items())]
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                   compresslevel=9, filename="") as f:
            f.write("".join(lines).encode("utf-8"))


def read_forms(path: Path | str = FORMS_TABLE) -> dict[tuple[str, str], frozenset[str]]:
    out: dict[tuple[str, str], frozenset[str]] = {}
    with gzip.open(path, "rb") as f:
        text = io.TextIOWrapper(f, encoding="utf-8", newline="\n").read()
    for line in text.split("\n"):
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
            _TABLE = read_forms() if FORMS_TABLE.exists() else {}
        hit = _TABLE.get((name, lang))
        if hit is not None:
            return hit
    out = MISSES[(name, lang)] = forms(name, lang)
    return out


def clear() -> None:
    """Free the table after the build (a few tens of MB)."""
    global _TABLE
    _TABLE = None
