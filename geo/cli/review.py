"""``frontline review``: the analyst's review page over a claims ledger."""
from __future__ import annotations

import click


def _default_reviewer() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "reviewer"


def _default_places(db: str) -> str:
    from pathlib import Path

    if db.startswith(("postgresql://", "postgres://")):
        return "frontline-places.csv"
    p = Path(db)
    return str(p.with_name(p.stem + ".places.csv"))


def _warm(obj) -> None:
    import contextlib

    from geo.errors import FrontlineError

    with contextlib.suppress(FrontlineError):  # reported when the page asks for candidates
        _ = obj.gz
    from geo.publish.assets import basemap

    with contextlib.suppress(FrontlineError):
        basemap((37.0, 48.0, 37.0, 48.0))


@click.command()
@click.option("--db", default="claims.gpkg", show_default=True,
              help="Ledger: a GeoPackage file, or a postgresql:// URL.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--no-browser", is_flag=True, help="Do not open the page in a browser.")
@click.option("--reviewer", default=None, help="Your name in the review records "
              "[default: the OS user].")
@click.option("--gazetteer-out", default=None, metavar="CSV",
              help="Where corrected places are saved as your gazetteer entries (use it with "
                   "--gazetteer) [default: LEDGER.places.csv beside a GeoPackage].")
@click.option("--tiles/--no-tiles", default=False, show_default=True,
              help="Online map tiles under the small map (off: the offline vector basemap).")
@click.pass_obj
def review(obj, db, port, no_browser, reviewer, gazetteer_out, tiles):
    """Review claims in the browser: accept, reject or correct each; decisions go in the ledger.

    The page listens on 127.0.0.1 only.  Every decision is a review record (who, when,
    before/after, note); the machine's claims are never overwritten.  Exports and the timeline
    then carry review_status; `map`/`export --reviewed-only` publish only reviewed claims.

    \b
    Example:
      frontline review --db claims.gpkg
      frontline review --db postgresql://newsroom@db.example/frontline --reviewer ana
    """
    from pathlib import Path

    from geo.errors import LedgerError
    from geo.publish.review_app import ReviewApp, bind, serve
    from geo.ledger import open_ledger

    if not db.startswith(("postgresql://", "postgres://")) and not Path(db).is_file():
        raise LedgerError(f"{db}: no such ledger (create it with frontline ingest)")
    who = (reviewer or _default_reviewer()).strip()
    if not who:
        raise click.BadParameter("must not be empty", param_hint="--reviewer")
    try:
        sock = bind(port)
    except OSError as err:
        raise LedgerError(f"cannot listen on 127.0.0.1:{port} ({err.strerror or err}); "
                          f"try another --port") from err
    import threading

    # the gazetteer and the basemap's countries load while the page opens
    warm = threading.Thread(target=_warm, args=(obj,), daemon=True)
    warm.start()

    def lookup(name: str):
        warm.join()
        return obj.gz.lookup(name)

    name = "PostGIS" if "://" in db else Path(db).name
    with open_ledger(db) as ledger:
        state = ReviewApp(ledger, reviewer=who, lookup=lookup,
                          gazetteer_out=gazetteer_out or _default_places(db), tiles=tiles,
                          title=f"Frontline review: {name}")

        def ready(url: str) -> None:
            click.echo(f"frontline: reviewing {db} as {who} at {url} (Ctrl-C to stop)", err=True)
            if not no_browser:
                import webbrowser

                webbrowser.open(url)

        serve(state, sock, on_ready=ready)
