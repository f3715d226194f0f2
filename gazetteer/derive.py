"""Regenerate the vendored derived tables (maintainers; ``make gazetteer-data``).

    python -m gazetteer.derive            # rewrites gazetteer/data/case_forms.tsv.gz

Runs the whole build with every case form computed by pymorphy3 (the table switched off),
records each (name, language) the build asks for, and writes their forms.  Run it after a
change to the inputs (GeoNames, KATOTTG, the curated CSVs, pymorphy3 or its dictionaries) or
to :mod:`gazetteer.forms`; then update the sha256 in ``gazetteer/README.md``.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from gazetteer import derived


def regenerate(path: Path | str = derived.FORMS_TABLE) -> dict:
    """Build once without the table and write the case forms the build asked for."""
    from gazetteer.build import build

    derived.USE_TABLE = False
    try:
        build()  # its hook asks for every case form, recorded in derived.MISSES
    finally:
        derived.USE_TABLE = True
    table = dict(derived.MISSES)
    derived.write_forms(table, path)
    data = Path(path).read_bytes()
    return {"path": str(path), "names": len(table), "forms": sum(map(len, table.values())),
            "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = regenerate(args[0]) if args else regenerate()
    sys.stdout.write(f"{out['path']}: {out['names']:,} names, {out['forms']:,} forms, "
                     f"{out['bytes']:,} bytes, sha256 {out['sha256']}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
