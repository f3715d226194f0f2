"""CSV for spreadsheets: UTF-8 with a byte-order mark, one header row, no cell a spreadsheet
would run as a formula.

Excel opens a UTF-8 file without a BOM as the local code page (Cyrillic turns into mojibake), so
the BOM is on by default (``bom=False`` / ``--no-bom`` for tools that dislike it).  A text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width
forms) would be evaluated as a formula by Excel, LibreOffice or Google Sheets (CSV injection);
such a cell gets a leading apostrophe, which spreadsheets show as text and hide.  Numbers and
dates are written as they are: only text cells are touched, so ``-37.5`` stays a number.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
BOM = "\ufeff"
PRJ_WGS84 = ('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
             'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]')


def neutralise(text: str) -> str:
    """A text cell that cannot run as a formula.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-5 km"), neutralise("Pokrovsk")
    ('\\'=HYPERLINK("http://x")', "'-5 km", 'Pokrovsk')
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def _number(v: float) -> str:
    return f"{round(v, 7):.7f}".rstrip("0").rstrip(".")


def cell(v: Any) -> str:
    """One CSV cell: empty for None, ISO for dates, shortest repr for floats, text neutralised."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, int):
        return str(v)
    return neutralise(str(v))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = True) -> str:
    """The whole CSV as text: optional BOM, one header row, CRLF line ends (RFC 4180)."""
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([cell(v) for v in row])
    return buf.getvalue()


def claims_csv(table: pa.Table, fc: dict, *, bom: bool = True) -> tuple[str, str]:
    """The claims CSV (leading ``lon``/``lat``, then the typed table's columns) and its
    ``.csvt`` (GDAL column types; CoordX/CoordY make GDAL and QGIS build points unasked)."""
    names = [n for n in table.column_names if n != "geometry"]
    coords = [f["geometry"]["coordinates"][:2] for f in fc.get("features", [])]
    cols = [table.column(n).to_pylist() for n in names]
    rows = ([_number(lon), _number(lat), *(c[i] for c in cols)]
            for i, (lon, lat) in enumerate(coords))
    # lon/lat are already formatted numbers: mark them so cell() leaves them alone
    text = csv_text(["lon", "lat", *names], ([_Raw(r[0]), _Raw(r[1]), *r[2:]] for r in rows),
                    bom=bom)
    types = {pa.int64(): "Integer64", pa.float64(): "Real", pa.date32(): "Date",
             pa.bool_(): "Integer(Boolean)"}
    csvt = ["CoordX", "CoordY"] + [types.get(table.schema.field(n).type, "String")
                                   for n in names]
    return text, ",".join(f'"{t}"' for t in csvt) + "\r\n"


class _Raw(float):
    """A number already formatted for the CSV."""

    def __new__(cls, text: str):
        obj = super().__new__(cls, text)
        obj.text = text
        return obj

    def __repr__(self) -> str:
        return self.text


def read_csv(path: str | Path) -> tuple[list[str], list[list[str]]]:
    """Read back a CSV written here (BOM or not): (header, rows)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return [], []
    return rows[0], rows[1:]
