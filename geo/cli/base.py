"""The ``frontline`` click group, its context and the helpers every command shares.

Exit statuses: 0 success; 1 nothing usable or an error; 2 wrong usage; 3 partial (some inputs
were bad and skipped, the rest processed); 130 interrupted.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Sequence

import click

from geo import __version__
from geo.errors import FrontlineError
from geo.ingest import MAX_BYTES, Failure
from geo.model import Extraction

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
log = logging.getLogger("geo")


class Ctx:
    def __init__(self, gazetteer_files: Sequence[str], geocoder: str | None,
                 user_agent: str | None, quiet: bool = False):
        self.quiet = quiet
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
        from geo.places.geocode import get_backend, resolve_settings

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
@click.option("-v", "--verbose", count=True, help="Log what each stage does (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bars and no log notes on stderr (errors and summaries stay).")
@click.option("--gazetteer", "gazetteer_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help="Your own gazetteer entries (CSV or GeoJSON); they take precedence.")
@click.option("--geocoder", default=None, metavar="NAME",
              help="Ask an online geocoder (nominatim) for names the offline gazetteer lacks. "
                   "Off by default; env FRONTLINE_GEOCODER.")
@click.option("--user-agent", default=None, help="User agent for the online geocoder.")
@click.pass_context
def main(ctx, verbose, quiet, gazetteer_files, geocoder, user_agent):
    """Frontline: war reporting -> places -> claims -> maps people can trust.

    \b
    Example:
      frontline extract seeds/ -o claims.geojson
      frontline map seeds/ -o map.html
      frontline places seeds/002_f6fc762efec17e0d.txt
    """
    _terminate_cleanly()
    level = logging.ERROR if quiet and not verbose else logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="frontline: %(levelname)s: %(message)s")
    for noisy in ("trafilatura", "htmldate", "courlan", "charset_normalizer", "distributed",
                  "dask", "pyogrio", "fiona"):
        # third-party chatter about a page we then report in one line of our own
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose >= 2 else logging.CRITICAL)
    ctx.obj = Ctx(gazetteer_files, geocoder, user_agent, quiet=quiet)


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
    from geo.cli.progress import bar

    extractions: list[Extraction] = []
    failures: list[Failure] = []
    log.info("reading %d input path(s) with the %s engine", len(paths), engine)
    if engine == "dask":
        from geo.engine import extract_dask

        items = extract_dask(paths, scheduler=scheduler, max_bytes=max_bytes,
                             gazetteer_files=obj.gazetteer_files)
    else:
        from geo.pipeline import extract_paths

        gz = obj.gz
        log.info("gazetteer loaded")
        items = extract_paths(paths, gz=gz, progress=False, max_bytes=max_bytes,
                              fallback=obj.fallback())
    for item in bar(items, desc="extract", unit="articles"):
        if isinstance(item, Failure):
            failures.append(item)
            click.echo(f"frontline: skipped {item}", err=True)
            if strict:
                _fail(f"stopped at the first bad input (--strict): {item}")
        else:
            log.info("%s: %d place(s) resolved, %d claim(s), %d unresolved", item.article.id,
                     sum(r.place is not None for r in item.resolutions), len(item.claims),
                     len(item.unresolved))
            extractions.append(item)
    if not extractions:
        _fail(f"no usable article among the inputs ({len(failures)} bad)"
              if failures else "no articles found")
    return extractions, failures


def collection(extractions: Sequence[Extraction], failures: Sequence[Failure] = ()) -> dict:
    from geo.records import feature_collection

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
    from geo.publish.export import read_claims

    if db:
        from geo.ledger import open_ledger

        ledger = open_ledger(db)
        try:
            fc = ledger.feature_collection(since=since, until=until)
        finally:
            ledger.close()
        return fc, [], 0
    claim_files = [p for p in paths if _is_claims_file(p)]
    articles = [p for p in paths if p not in claim_files]
    fcs = [read_claims(p) for p in claim_files]
    for p, c in zip(claim_files, fcs):
        log.info("%s: read %d claim(s)", p, len(c["features"]))
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
        before = len(fc["features"])
        fc["features"] = [f for f in fc["features"] if _in_window(f, since, until)]
        log.info("date window since=%s until=%s keeps %d of %d claim(s)", since, until,
                 len(fc["features"]), before)
    return fc, failures, n


def _in_window(f: dict, since: str | None, until: str | None) -> bool:
    p = f["properties"]
    day = p.get("event_date") or p.get("published")
    if not day:
        return True
    return (not since or day >= since) and (not until or day[:len(until)] <= until)
