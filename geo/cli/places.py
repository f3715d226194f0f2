"""``frontline places``: the places found in articles, one row per place, how each was resolved."""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys

import click

from geo.cli.base import _exit_status, input_options, run_pipeline

log = logging.getLogger("geo.cli.places")
#: Table columns: (key, header).  ``how`` is abridged to the terminal's width.
COLUMNS = (("place", "place"), ("mentions", "mentions"), ("lat", "lat"), ("lon", "lon"),
           ("admin1", "admin1"), ("precision", "precision"), ("how", "how"))
TSV_COLUMNS = ("place", "mentions", "forms", "articles", "place_id", "type", "lat", "lon",
               "admin1", "country", "precision", "role", "confidence", "how")


def place_rows(extractions) -> list[dict]:
    """One row per place (or per unresolved name), in order of first mention, with its count."""
    rows: dict[str, dict] = {}
    for e in extractions:
        for r in e.resolutions:
            p = r.place
            key = p.id if p else f"unresolved:{r.mention.text}"
            row = rows.get(key)
            if row is None:
                row = rows[key] = {
                    "place": p.name if p else None, "place_id": p.id if p else None,
                    "mention": r.mention.text, "mentions": 0, "forms": [], "articles": [],
                    "lat": round(p.lat, 5) if p else None, "lon": round(p.lon, 5) if p else None,
                    "admin1": p.admin1 if p else None, "country": p.country if p else None,
                    "type": p.place_type.value if p else None,
                    "precision": p.precision.value if p else None, "role": r.role,
                    "confidence": r.confidence, "how": r.reason, "spans": []}
            row["mentions"] += 1
            if r.mention.text not in row["forms"]:
                row["forms"].append(r.mention.text)
            if e.article.id not in row["articles"]:
                row["articles"].append(e.article.id)
            row["spans"].append({"article": e.article.id, "mention": r.mention.text,
                                 "start": r.mention.start, "role": r.role,
                                 "confidence": r.confidence})
    return list(rows.values())


def _cell(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


def table(rows: list[dict], width: int | None) -> str:
    """An aligned table; the last column (``how``) is cut to ``width`` characters if given."""
    cells = [[h for _, h in COLUMNS]]
    for row in rows:
        vals = [_cell(row[k]) for k, _ in COLUMNS]
        if row["place"] is None:
            vals[0] = f"({row['mention']}: unresolved)"
        cells.append(vals)
    widths = [max(len(r[i]) for r in cells) for i in range(len(COLUMNS) - 1)]
    lines = []
    for r in cells:
        line = "  ".join(v.ljust(w) for v, w in zip(r, widths)) + "  " + r[-1]
        if width and len(line) > width:
            line = line[:max(width - 3, 0)] + "..."
        lines.append(line.rstrip())
    return "\n".join(lines)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "tsv", "json"]), default=None,
              help="table (aligned, for reading; the default on a terminal), tsv (one header "
                   "row, tab-separated, the default when piped) or json (JSON Lines).")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@input_options
@click.pass_obj
def places(obj, paths, fmt, as_json, strict, max_bytes):
    """List the places found in articles: one row per place, its mention count, coordinates,
    precision and how it was resolved.

    \b
    Example:
      frontline places seeds/003_1453e23ad8c0bd85.txt
      frontline places seeds/ --format tsv | sort -t$'\\t' -k2 -nr | head
      frontline places seeds/ --format json | jq -r .place
    """
    if as_json:
        fmt = "json"
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() else "tsv"
    ex, failures = run_pipeline(obj, paths, strict=strict, max_bytes=max_bytes)
    rows = place_rows(ex)
    log.info("%d place(s) from %d article(s)", len(rows), len(ex))
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "tsv":
        click.echo("\t".join(TSV_COLUMNS))
        for row in rows:
            click.echo("\t".join(_cell(row[c]).replace("\t", " ").replace("\n", " ")
                                 for c in TSV_COLUMNS))
    else:
        # cut to the terminal (or to $COLUMNS when set); piped without $COLUMNS: whole lines
        width = (shutil.get_terminal_size((120, 24)).columns
                 if sys.stdout.isatty() or os.environ.get("COLUMNS") else None)
        click.echo(table(rows, width))
    sys.exit(_exit_status(failures))
