"""``frontline places``: the places found in articles, how each was resolved."""
from __future__ import annotations

import json
import sys

import click

from geo.cli.base import _exit_status, input_options, run_pipeline


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table.")
@input_options
@click.pass_obj
def places(obj, paths, as_json, strict, max_bytes):
    """List the places found in articles, with coordinates and how each was resolved.

    \b
    Example:
      frontline places seeds/003_1453e23ad8c0bd85.txt
      frontline places seeds/ --json | head
    """
    ex, failures = run_pipeline(obj, paths, strict=strict, max_bytes=max_bytes)
    rows = []
    for e in ex:
        for r in e.resolutions:
            p = r.place
            rows.append({
                "article": e.article.id, "mention": r.mention.text, "start": r.mention.start,
                "place": p.name if p else None, "place_id": p.id if p else None,
                "lat": round(p.lat, 5) if p else None, "lon": round(p.lon, 5) if p else None,
                "admin1": p.admin1 if p else None, "country": p.country if p else None,
                "type": p.place_type.value if p else None,
                "precision": p.precision.value if p else None, "role": r.role,
                "confidence": r.confidence, "how": r.reason})
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        cols = ("article", "mention", "place", "lat", "lon", "admin1", "precision",
                "confidence", "how")
        click.echo("\t".join(cols))
        for row in rows:
            vals = [str(row[c]) if row[c] is not None else "-" for c in cols]
            vals[0] = vals[0][:16]
            click.echo("\t".join(vals))
    sys.exit(_exit_status(failures))
