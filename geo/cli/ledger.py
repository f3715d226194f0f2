"""``frontline ingest`` and ``frontline timeline``: the claims ledger from the command line."""
from __future__ import annotations

import json
import sys

import click

from geo.ingest import MAX_BYTES


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default="claims.gpkg", show_default=True,
              help="Ledger: a GeoPackage file, or a postgresql:// URL.")
@click.option("--strict", is_flag=True, help="Stop at the first bad input.")
@click.option("--max-bytes", default=MAX_BYTES, show_default=True, type=click.IntRange(1))
@click.pass_obj
def ingest(obj, paths, db, strict, max_bytes):
    """Add articles to a claims ledger; re-ingesting an unchanged article changes nothing.

    \b
    Example:
      frontline ingest seeds/ --db claims.gpkg
      frontline ingest new/ --db postgresql://newsroom@db.example/frontline
    """
    from geo.cli.base import EXIT_PARTIAL, _fail
    from geo.ingest import Failure
    from geo.pipeline import extract_paths
    from geo.ledger import open_ledger

    failures = []

    def good():
        for item in extract_paths(paths, gz=obj.gz, max_bytes=max_bytes,
                                  progress=sys.stderr.isatty(), fallback=obj.fallback()):
            if isinstance(item, Failure):
                failures.append(item)
                click.echo(f"frontline: skipped {item}", err=True)
                if strict:
                    _fail(f"stopped at the first bad input (--strict): {item}")
                continue
            yield item

    with open_ledger(db) as ledger:
        report = ledger.ingest(good())
        counts = ledger.counts()
    click.echo(f"frontline: {report['added']} added, {report['updated']} updated, "
               f"{report['unchanged']} unchanged ({report['claims']} claims written); the ledger "
               f"holds {counts['articles']} articles and {counts['claims']} claims", err=True)
    if not (report["added"] or report["updated"] or report["unchanged"]):
        _fail(f"no usable article among the inputs ({len(failures)} bad)")
    sys.exit(EXIT_PARTIAL if failures else 0)


@click.command()
@click.argument("place")
@click.option("--db", default="claims.gpkg", show_default=True,
              help="Ledger: a GeoPackage file, or a postgresql:// URL.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines instead of a table.")
def timeline(place, db, as_json):
    """The claims about PLACE in date order, with claimant, status and corroboration.

    \b
    Example:
      frontline timeline Pokrovsk --db claims.gpkg
      frontline timeline "Sukhyi Yar" --db claims.gpkg --json
    """
    from pathlib import Path

    from geo.errors import LedgerError
    from geo.ledger import open_ledger

    if not db.startswith(("postgresql://", "postgres://")) and not Path(db).is_file():
        raise LedgerError(f"{db}: no such ledger (create it with frontline ingest)")
    with open_ledger(db) as ledger:
        rows = ledger.timeline(place)
    if not rows:
        raise LedgerError(f"no claims about {place!r} in {db}")
    for p in rows:
        if as_json:
            click.echo(json.dumps({k: p.get(k) for k in (
                "event_date", "published", "place", "event", "actor", "claimant",
                "claimant_side", "status", "article", "outlet", "sources", "status_history",
                "quote", "review_status", "reviewed_by", "reviewed_at")}, ensure_ascii=False))
            continue
        day = p.get("event_date") or f"{p.get('published') or 'undated'} (published)"
        who = p.get("claimant") or f"{p.get('outlet') or 'the outlet'} (own reporting)"
        review = p.get("review_status") or "pending"  # frontline review (issue 22)
        review += f" by {p['reviewed_by']}" if p.get("reviewed_by") else ""
        click.echo(f"{day:24} {p['event']:11} {p['status']:10} {who}  "
                   f"[{p['article']}; {p.get('sources', 1)} source(s); {review}]")
