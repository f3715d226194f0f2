"""``frontline map`` and ``frontline snapshot``: interactive maps and their static pictures."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from geo.ledger.review import publishable
from geo.cli.base import period_options, input_options, summary, _exit_status, load_inputs


@click.command("map")
@click.argument("paths", nargs=-1)
@click.option("-o", "--output", required=True, help="HTML map to write.")
@click.option("--geojson", "geojson_out", default=None, help="Also write the claims GeoJSON here.")
@click.option("--control", type=click.Path(exists=True), multiple=True,
              help="Assessed-control polygons (e.g. a DeepState daily GeoJSON) drawn under "
                   "the claims; a folder of dated snapshots lets the date slider step "
                   "through them.")
@click.option("--title", default=None, help="Map title.")
@click.option("--embed", is_flag=True, help="Also write an embeddable fragment and iframe "
              "snippet next to the map.")
@click.option("--embed-url", default=None, metavar="URL",
              help="Where the map will be published (the snippet's iframe src).")
@click.option("--no-tiles", is_flag=True, help="No online tile layer (vector basemap only).")
@click.option("--db", default=None, help="Read claims from a ledger instead of PATHS.")
@period_options
@click.option("--reviewed-only", is_flag=True, help="Only claims a reviewer accepted or corrected "
              "(frontline review); rejected claims are never drawn.")
@input_options
@click.pass_obj
def map_(obj, paths, output, geojson_out, control, title, embed, embed_url, no_tiles, db,
         since, until, reviewed_only, strict, max_bytes):
    """Render claims as a self-contained interactive map (works offline).

    PATHS are articles (as for extract) or claims GeoJSON files.

    \b
    Example:
      frontline map seeds/ -o maps/seeds.html --geojson maps/seeds.geojson
      frontline map claims.geojson -o map.html --control deepstate_20251208.geojson --embed
      frontline map --db claims.gpkg --since 2025-11-01 -o november.html
    """
    from geo.publish.export import write_geojson
    from geo.publish.map import render_embed, render_map

    if not paths and not db:
        raise click.UsageError("give PATHS or --db")
    if embed_url and not embed:
        raise click.UsageError("--embed-url needs --embed")
    from geo.errors import ExportError
    from geo.safejson import load_geojson_file

    for c in control:  # checked before any work: one line for a broken control file
        if Path(c).is_file():
            load_geojson_file(c, ExportError)
    fc, failures, n = load_inputs(obj, paths, strict=strict, max_bytes=max_bytes, db=db,
                                  since=since, until=until)
    fc = publishable(fc, reviewed_only=reviewed_only)  # review state (issue 22)
    ctl = list(control) or None
    if geojson_out:
        write_geojson(fc, geojson_out)
    if embed:
        stats = render_embed(fc, output, title=title, control=ctl, tiles=not no_tiles,
                             src_url=embed_url)
    else:
        stats = render_map(fc, output, title=title, control=ctl, tiles=not no_tiles)
    click.echo(f"frontline: wrote {output} ({stats.get('markers', len(fc['features']))} markers, "
               f"{stats.get('bytes', 0):,} bytes)", err=True)
    if embed:
        click.echo(f"frontline: wrote {stats['snippet_path']} (iframe snippet to paste into an "
                   f"article)", err=True)
    if n:
        summary(fc, failures, n)
    sys.exit(_exit_status(failures))


@click.command()
@click.argument("map_html", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, help="PNG (or .pdf for print) to write.")
@click.option("--width", default=1200, show_default=True, type=click.IntRange(200, 8000))
@click.option("--height", default=800, show_default=True, type=click.IntRange(200, 8000))
def snapshot(map_html, output, width, height):
    """Render a map to a static PNG or PDF with headless Chromium (print, newsletters, social
    cards), in publication mode: title, compact legend, as-of date, source and credits, no
    controls.

    \b
    Example:
      frontline snapshot maps/seeds.html -o seeds.png --width 1200 --height 630
    """
    from geo.publish.snapshot import snapshot as shoot

    _check_is_map(map_html)
    shoot(map_html, output, width=width, height=height)
    click.echo(f"frontline: wrote {output}", err=True)


#: Every page ``frontline map`` writes carries its claims in this element (geo/publish/map.py).
MAP_MARKER = 'id="frontline-data"'


def _check_is_map(path: str) -> None:
    from geo.errors import ExportError

    try:
        with open(path, "rb") as f:
            head = f.read(64 << 20)
    except OSError as err:
        raise ExportError(f"{path}: cannot be read ({err.strerror or err})") from err
    if MAP_MARKER.encode() not in head:
        raise ExportError(f"{path}: not a Frontline map (no {MAP_MARKER} element); snapshot "
                          f"takes a page written by frontline map")
