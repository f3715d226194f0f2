"""``frontline extract``: articles -> claims GeoJSON."""
from __future__ import annotations

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
