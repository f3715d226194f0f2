"""``frontline export``: claims to GIS and spreadsheet formats (GeoPackage with QGIS style, CSV,
KML/KMZ, FlatGeobuf, GeoParquet, ACLED-style CSV)."""
from __future__ import annotations

import logging
import sys

import click

from geo.ledger.review import publishable
from geo.cli.base import period_options, _exit_status, input_options, load_inputs

log = logging.getLogger("geo.cli.export")
FORMAT_NAMES = ("gpkg", "geojson", "csv", "kml", "kmz", "fgb", "parquet", "acled",
                "geopackage", "json", "flatgeobuf", "geoparquet")


@click.command()
@click.argument("paths", nargs=-1)
@click.option("-o", "--output", required=True,
              help="Output file: .gpkg .geojson .csv .kml .kmz .fgb .parquet")
@click.option("--format", "fmt", default=None, metavar="FORMAT",
              type=click.Choice(FORMAT_NAMES, case_sensitive=False),
              help="Override the format given by the suffix: " + ", ".join(FORMAT_NAMES[:8])
                   + " (acled: ACLED's columns, see docs/acled.md).")
@click.option("--no-bom", "no_bom", is_flag=True,
              help="CSV: no UTF-8 byte-order mark (Excel needs it, some tools dislike it).")
@click.option("--control", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Add an assessed-control polygon layer (GeoPackage).")
@click.option("--db", default=None, help="Export the claims held in a ledger.")
@period_options
@click.option("--reviewed-only", is_flag=True, help="Only claims a reviewer accepted or corrected "
              "(frontline review).")
@input_options
@click.pass_obj
def export(obj, paths, output, fmt, no_bom, control, db, since, until, reviewed_only, strict,
           max_bytes):
    """Export claims for QGIS, Google Earth, spreadsheets and ACLED-style pipelines.

    PATHS are claims GeoJSON files or articles.  Every file of an export (data and sidecars)
    is verified before it replaces anything: a full disk leaves the old files as they were.

    \b
    Example:
      frontline export claims.geojson -o claims.gpkg
      frontline export claims.geojson -o claims.csv            # Excel-ready (UTF-8 BOM)
      frontline export claims.geojson -o claims.kmz            # Google Earth, with icons
      frontline export claims.geojson -o acled.csv --format acled
      frontline export --db claims.gpkg -o ledger.parquet
    """
    from geo.cli.progress import Steps
    from geo.publish.export import export_claims, format_for

    if not paths and not db:
        raise click.UsageError("give PATHS or --db")
    with Steps(2, "export") as steps:
        fc, failures, _ = load_inputs(obj, paths, strict=strict, max_bytes=max_bytes, db=db,
                                      since=since, until=until)
        fc = publishable(fc, reviewed_only=reviewed_only, drop_rejected=reviewed_only)
        steps.step("loaded")
        name = format_for(output, fmt)
        log.info("writing %d claim(s) as %s to %s", len(fc["features"]), name, output)
        info = export_claims(fc, output, fmt=fmt, control=control, bom=not no_bom)
        steps.step("written")
    log.info("verified and renamed into place: %s", ", ".join([info["path"], *info["sidecars"]]))
    if not obj.quiet:
        what = "rows" if info.get("format") == "acled" else "features"
        click.echo(f"frontline: wrote {output} ({info.get('format')}, {info.get('features')} "
                   f"{what})", err=True)
    sys.exit(_exit_status(failures))
