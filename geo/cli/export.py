"""``frontline export``: claims to GIS formats (GeoPackage with QGIS style, CSV, KML...)."""
from __future__ import annotations

import sys

import click

from geo.cli.base import input_options, _exit_status, load_inputs


@click.command()
@click.argument("paths", nargs=-1)
@click.option("-o", "--output", required=True,
              help="Output file: .gpkg .geojson .csv .kml .fgb .parquet")
@click.option("--format", "fmt", default=None, help="Override the format given by the suffix.")
@click.option("--control", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Add an assessed-control polygon layer (GeoPackage).")
@click.option("--db", default=None, help="Export the claims held in a ledger.")
@click.option("--since", default=None, metavar="DATE")
@click.option("--until", default=None, metavar="DATE")
@input_options
@click.pass_obj
def export(obj, paths, output, fmt, control, db, since, until, strict, max_bytes):
    """Export claims for QGIS and other GIS, with a QGIS style.

    PATHS are claims GeoJSON files or articles.

    \b
    Example:
      frontline export claims.geojson -o claims.gpkg
      frontline export claims.geojson -o claims.csv
      frontline export --db claims.gpkg -o ledger.parquet
    """
    from geo.publish.export import export_claims

    if not paths and not db:
        raise click.UsageError("give PATHS or --db")
    fc, failures, _ = load_inputs(obj, paths, strict=strict, max_bytes=max_bytes, db=db,
                                  since=since, until=until)
    info = export_claims(fc, output, fmt=fmt, control=control)
    click.echo(f"frontline: wrote {output} ({info.get('format')}, {info.get('features')} "
               f"features)", err=True)
    sys.exit(_exit_status(failures))
