"""``frontline extract`` and ``frontline places``: articles -> claims, articles -> places."""
from __future__ import annotations

import json
import sys

import click

from geo.cli.base import input_options, run_pipeline, collection, summary, _exit_status


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", default="-", show_default=True, help="Claims GeoJSON to write.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="Run in-process, or partitioned on a Dask cluster.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); default a local cluster.")
@input_options
@click.pass_obj
def extract(obj, paths, output, engine, scheduler, strict, max_bytes):
    """Extract places and claims from articles into a claims GeoJSON.

    PATHS are .txt/.md/.html/.json/.jsonl files, directories of them, or - for stdin.

    \b
    Example:
      frontline extract seeds/ -o claims.geojson
      cat article.txt | frontline extract - -o -
    """
    from geo.publish.export import write_geojson

    ex, failures = run_pipeline(obj, paths, strict=strict, max_bytes=max_bytes,
                                engine=engine, scheduler=scheduler)
    fc = collection(ex, failures)
    write_geojson(fc, output)
    summary(fc, failures, len(ex))
    sys.exit(_exit_status(failures))


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
