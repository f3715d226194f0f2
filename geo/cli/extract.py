"""``frontline extract``: articles -> claims GeoJSON, streamed (memory flat in corpus size)."""
from __future__ import annotations

import sys

import click

from geo.cli.base import EXIT_OK, EXIT_PARTIAL, _fail, input_options, iter_pipeline


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
    from geo.files import atomic_write
    from geo.records import CollectionSpool

    failures = []
    articles = 0
    with CollectionSpool() as spool:
        # each article's features go to the on-disk spool as soon as they are made
        for item in iter_pipeline(obj, paths, strict=strict, max_bytes=max_bytes, engine=engine,
                                  scheduler=scheduler, failures=failures):
            spool.add(item.claims, item.unresolved)
            articles += 1
        if not articles:
            _fail(f"no usable article among the inputs ({len(failures)} bad)"
                  if failures else "no articles found")
        extra = {"skipped": [{"path": f.path, "reason": f.reason} for f in failures]} \
            if failures else None
        if output == "-":
            spool.write(sys.stdout, extra)
            sys.stdout.flush()
        else:
            with atomic_write(output) as f:
                spool.write(f, extra)
        click.echo(f"frontline: {articles} article(s), {spool.features} claim(s) "
                   f"({spool.front_line} front-line), {spool.unresolved} unresolved mention(s)"
                   + (f", {len(failures)} bad input(s) skipped" if failures else ""), err=True)
        for u in spool.first_unresolved:
            click.echo(f"frontline: unresolved: {u['article']}: {u['mention']!r} "
                       f"({u['reason']})", err=True)
    sys.exit(EXIT_PARTIAL if failures else EXIT_OK)
