"""The ``frontline`` command.  The only module that imports every stage.

Exit statuses: 0 success; 1 nothing usable or an error; 2 wrong usage; 3 partial (some inputs
were bad and skipped, the rest processed); 130 interrupted.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Sequence

import click

from geo import __version__
from geo.exc import FrontlineError
from geo.ingest import MAX_BYTES, Failure
from geo.model import Extraction

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
log = logging.getLogger("geo")


class Ctx:
    def __init__(self, gazetteer_files: Sequence[str], geocoder: str | None,
                 user_agent: str | None):
        self.gazetteer_files = tuple(gazetteer_files)
        self.geocoder = geocoder
        self.user_agent = user_agent
        self._gz = None

    @property
    def gz(self):
        if self._gz is None:
            from geo.pipeline import load_gazetteer

            self._gz = load_gazetteer(self.gazetteer_files)
        return self._gz

    def fallback(self):
        """The online geocoder, when the user enabled it (flag > FRONTLINE_GEOCODER > off)."""
        from geo.geocode import get_backend, resolve_settings

        name, where = resolve_settings(self.geocoder)
        if not name:
            return None
        log.info("online geocoder %s enabled (%s)", name, where)
        geocoder = get_backend(name, user_agent=self.user_agent)

        def ask(text: str, countries: Sequence[str]):
            return geocoder.lookup(text, country_codes=countries)

        return ask


def _fail(message: str, code: int = EXIT_FAIL):
    click.echo(f"frontline: error: {message}", err=True)
    sys.exit(code)


class Group(click.Group):
    """Turns Frontline errors into one-line messages and exit codes, never tracebacks."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except FrontlineError as err:
            _fail(str(err))
        except KeyboardInterrupt:
            click.echo("frontline: interrupted; finished outputs are intact, unfinished ones "
                       "were not written", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            sys.exit(EXIT_OK)
        except OSError as err:
            _fail(f"{getattr(err, 'filename', '') or ''}: {err.strerror or err}".lstrip(": "))
        except MemoryError:
            _fail("out of memory; split the input or lower --max-bytes")


def _terminate_cleanly() -> None:
    """SIGTERM unwinds like Ctrl-C, so temporary files are removed and outputs stay whole."""
    import signal

    def _raise(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, _raise)
    except ValueError:  # not the main thread (e.g. inside a test runner thread)
        pass


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="frontline")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("--gazetteer", "gazetteer_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help="Your own gazetteer entries (CSV or GeoJSON); they take precedence.")
@click.option("--geocoder", default=None, metavar="NAME",
              help="Ask an online geocoder (nominatim) for names the offline gazetteer lacks. "
                   "Off by default; env FRONTLINE_GEOCODER.")
@click.option("--user-agent", default=None, help="User agent for the online geocoder.")
@click.pass_context
def main(ctx, verbose, gazetteer_files, geocoder, user_agent):
    """Frontline: war reporting -> places -> claims -> maps people can trust.

    \b
    Example:
      frontline extract seeds/ -o claims.geojson
      frontline map seeds/ -o map.html
      frontline places seeds/002_f6fc762efec17e0d.txt
    """
    _terminate_cleanly()
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="frontline: %(levelname)s: %(message)s")
    for noisy in ("trafilatura", "htmldate", "courlan", "charset_normalizer", "distributed",
                  "dask", "pyogrio", "fiona"):
        # third-party chatter about a page we then report in one line of our own
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose >= 2 else logging.CRITICAL)
    ctx.obj = Ctx(gazetteer_files, geocoder, user_agent)


# ------------------------------------------------------------------ shared


def input_options(f):
    f = click.option("--strict", is_flag=True, help="Stop at the first bad input.")(f)
    f = click.option("--max-bytes", default=MAX_BYTES, show_default=True, type=click.IntRange(1),
                     help="Largest input file read (JSON Lines files stream).")(f)
    return f


def run_pipeline(obj: Ctx, paths: Sequence[str], *, strict: bool, max_bytes: int,
                 engine: str = "local", scheduler: str | None = None
                 ) -> tuple[list[Extraction], list[Failure]]:
    """Extract every article; report bad inputs on stderr; honour ``--strict``."""
    extractions: list[Extraction] = []
    failures: list[Failure] = []
    progress = sys.stderr.isatty() and len(paths) > 0
    if engine == "dask":
        from geo.engine import extract_dask

        items = extract_dask(paths, scheduler=scheduler, max_bytes=max_bytes,
                             gazetteer_files=obj.gazetteer_files)
    else:
        from geo.pipeline import extract_paths

        items = extract_paths(paths, gz=obj.gz, progress=progress, max_bytes=max_bytes,
                              fallback=obj.fallback())
    for item in items:
        if isinstance(item, Failure):
            failures.append(item)
            click.echo(f"frontline: skipped {item}", err=True)
            if strict:
                _fail(f"stopped at the first bad input (--strict): {item}")
        else:
            extractions.append(item)
    if not extractions:
        _fail(f"no usable article among the inputs ({len(failures)} bad)"
              if failures else "no articles found")
    return extractions, failures


def collection(extractions: Sequence[Extraction], failures: Sequence[Failure] = ()) -> dict:
    from geo.export import feature_collection

    claims = [c for e in extractions for c in e.claims]
    unresolved = [u for e in extractions for u in e.unresolved]
    fc = feature_collection(claims, unresolved)
    if failures:
        fc["skipped"] = [{"path": f.path, "reason": f.reason} for f in failures]
    return fc


def summary(fc: dict, failures: Sequence[Failure], articles: int) -> None:
    feats = fc["features"]
    front = sum(1 for f in feats if f["properties"]["event"] not in ("mention", "diplomacy"))
    click.echo(f"frontline: {articles} article(s), {len(feats)} claim(s) ({front} front-line), "
               f"{len(fc.get('unresolved', []))} unresolved mention(s)"
               + (f", {len(failures)} bad input(s) skipped" if failures else ""), err=True)
    for u in fc.get("unresolved", [])[:20]:
        click.echo(f"frontline: unresolved: {u['article']}: {u['mention']!r} ({u['reason']})",
                   err=True)


def _exit_status(failures: Sequence[Failure]) -> int:
    return EXIT_PARTIAL if failures else EXIT_OK


def _is_claims_file(path: str) -> bool:
    p = Path(path)
    if p.suffix.lower() not in (".geojson", ".json") or not p.is_file():
        return False
    try:
        with open(p, encoding="utf-8") as f:
            head = f.read(4096)
    except (OSError, UnicodeDecodeError):
        return False
    return '"FeatureCollection"' in head


def load_inputs(obj: Ctx, paths: Sequence[str], *, strict: bool, max_bytes: int,
                db: str | None = None, since: str | None = None, until: str | None = None
                ) -> tuple[dict, list[Failure], int]:
    """Claims from articles, from claims GeoJSON files, or from a ledger."""
    from geo.export import read_claims

    if db:
        from geo.store import open_ledger

        ledger = open_ledger(db)
        try:
            fc = ledger.feature_collection(since=since, until=until)
        finally:
            ledger.close()
        return fc, [], 0
    claim_files = [p for p in paths if _is_claims_file(p)]
    articles = [p for p in paths if p not in claim_files]
    fcs = [read_claims(p) for p in claim_files]
    failures: list[Failure] = []
    n = 0
    if articles:
        ex, failures = run_pipeline(obj, articles, strict=strict, max_bytes=max_bytes)
        fcs.append(collection(ex, failures))
        n = len(ex)
    if not fcs:
        _fail("give articles, a claims GeoJSON, or --db")
    fc = {"type": "FeatureCollection",
          "features": [f for c in fcs for f in c["features"]],
          "unresolved": [u for c in fcs for u in c.get("unresolved", [])]}
    if since or until:
        fc["features"] = [f for f in fc["features"] if _in_window(f, since, until)]
    return fc, failures, n


def _in_window(f: dict, since: str | None, until: str | None) -> bool:
    p = f["properties"]
    day = p.get("event_date") or p.get("published")
    if not day:
        return True
    return (not since or day >= since) and (not until or day[:len(until)] <= until)


# ------------------------------------------------------------------ commands


@main.command()
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
    from geo.export import write_geojson

    ex, failures = run_pipeline(obj, paths, strict=strict, max_bytes=max_bytes,
                                engine=engine, scheduler=scheduler)
    fc = collection(ex, failures)
    write_geojson(fc, output)
    summary(fc, failures, len(ex))
    sys.exit(_exit_status(failures))


@main.command()
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


@main.command("map")
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
@click.option("--since", default=None, metavar="DATE", help="Only claims on or after DATE.")
@click.option("--until", default=None, metavar="DATE", help="Only claims on or before DATE.")
@input_options
@click.pass_obj
def map_(obj, paths, output, geojson_out, control, title, embed, embed_url, no_tiles, db,
         since, until, strict, max_bytes):
    """Render claims as a self-contained interactive map (works offline).

    PATHS are articles (as for extract) or claims GeoJSON files.

    \b
    Example:
      frontline map seeds/ -o maps/seeds.html --geojson maps/seeds.geojson
      frontline map claims.geojson -o map.html --control deepstate_20251208.geojson --embed
      frontline map --db claims.gpkg --since 2025-11-01 -o november.html
    """
    from geo.export import write_geojson
    from geo.render import render_embed, render_map

    if not paths and not db:
        raise click.UsageError("give PATHS or --db")
    if embed_url and not embed:
        raise click.UsageError("--embed-url needs --embed")
    fc, failures, n = load_inputs(obj, paths, strict=strict, max_bytes=max_bytes, db=db,
                                  since=since, until=until)
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


@main.command()
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
    from geo.snapshot import snapshot as shoot

    shoot(map_html, output, width=width, height=height)
    click.echo(f"frontline: wrote {output}", err=True)


@main.command()
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
    from geo.export import export_claims

    if not paths and not db:
        raise click.UsageError("give PATHS or --db")
    fc, failures, _ = load_inputs(obj, paths, strict=strict, max_bytes=max_bytes, db=db,
                                  since=since, until=until)
    info = export_claims(fc, output, fmt=fmt, control=control)
    click.echo(f"frontline: wrote {output} ({info.get('format')}, {info.get('features')} "
               f"features)", err=True)
    sys.exit(_exit_status(failures))


@main.command("eval")
@click.option("--gold", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Gold annotations (the format of shared/eval/seeds_gold.json).")
@click.option("--geowebnews", type=click.Path(exists=True), default=None,
              help="GeoWebNews GWN.xml (or its folder): report Acc@161km.")
@click.option("--json", "as_json", is_flag=True)
@click.argument("paths", nargs=-1)
@click.pass_obj
def eval_(obj, gold, geowebnews, as_json, paths):
    """Score extraction against a gold file and/or the GeoWebNews benchmark.

    Prints place recall, distance errors, namesake traps, claim metrics, and the same
    figures for the population-only baseline.

    \b
    Example:
      frontline eval --gold ../shared/eval/seeds_gold.json seeds/
      frontline eval --geowebnews ../shared/eval/geowebnews/GWN.xml
    """
    from geo import evaluate

    if not gold and not geowebnews:
        raise click.UsageError("give --gold GOLD.json with PATHS, and/or --geowebnews")
    results = {}
    if gold:
        if not paths:
            raise click.UsageError("--gold needs the article PATHS to extract")
        results["gold"] = evaluate.evaluate_gold(gold, paths, obj.gz)
    if geowebnews:
        results["geowebnews"] = evaluate.evaluate_geowebnews(geowebnews, obj.gz)
    if as_json:
        click.echo(json.dumps(results, indent=1, ensure_ascii=False))
    else:
        click.echo(evaluate.format_results(results))


def _register() -> None:
    from geo.cli_gazetteer import gazetteer
    from geo.cli_ledger import ingest, timeline

    main.add_command(gazetteer)
    main.add_command(ingest)
    main.add_command(timeline)


_register()
