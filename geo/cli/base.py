"""The ``frontline`` click group, its context and the helpers every command shares.

Exit statuses: 0 success; 1 nothing usable or an error; 2 wrong usage; 3 partial (some inputs
were bad and skipped, the rest processed); 130 interrupted.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Iterator, Sequence

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


def period_options(f):
    """``--since`` and ``--until``, parsed and checked by :func:`date_option`."""
    f = click.option("--until", default=None, metavar="DATE", callback=date_option,
                     help="Only claims on or before DATE (same forms).")(f)
    f = click.option("--since", default=None, metavar="DATE", callback=date_option,
                     help="Only claims on or after DATE (YYYY[-MM[-DD]], today, yesterday, "
                          "7d, 2w).")(f)
    return f


def input_options(f):
    f = click.option("--strict", is_flag=True, help="Stop at the first bad input.")(f)
    f = click.option("--max-bytes", default=MAX_BYTES, show_default=True, type=click.IntRange(1),
                     help="Largest input file read (JSON Lines files stream).")(f)
    return f


def iter_pipeline(obj: Ctx, paths: Sequence[str], *, strict: bool, max_bytes: int,
                  engine: str = "local", scheduler: str | None = None,
                  failures: list[Failure] | None = None) -> Iterator[Extraction]:
    """Yield each article's extraction as it is made; report bad inputs on stderr (and append
    them to ``failures``); honour ``--strict``."""
    from geo.cli.progress import bar

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
            if failures is not None:
                failures.append(item)
            click.echo(f"frontline: skipped {item}", err=True)
            if strict:
                _fail(f"stopped at the first bad input (--strict): {item}")
        else:
            log.info("%s: %d place(s) resolved, %d claim(s), %d unresolved", item.article.id,
                     sum(r.place is not None for r in item.resolutions), len(item.claims),
                     len(item.unresolved))
            yield item


def run_pipeline(obj: Ctx, paths: Sequence[str], *, strict: bool, max_bytes: int,
                 engine: str = "local", scheduler: str | None = None
                 ) -> tuple[list[Extraction], list[Failure]]:
    """Extract every article (held in memory: for maps and exports); see :func:`iter_pipeline`."""
    failures: list[Failure] = []
    extractions = list(iter_pipeline(obj, paths, strict=strict, max_bytes=max_bytes,
                                     engine=engine, scheduler=scheduler, failures=failures))
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


def read_claims_file(path: str) -> dict | None:
    """The claims in ``path`` when it is a claims GeoJSON, else None (an article file).

    Decided by parsing, not by peeking: a ``.geojson`` is always claims (so one that is not
    JSON is an error); a ``.json`` is claims when it parses to a FeatureCollection.  Claims
    are validated here, at the boundary, types included."""
    from geo.errors import BadClaims
    from geo.records import validate
    from geo.safejson import loads_json

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".geojson", ".json") or not p.is_file():
        return None
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        if suffix == ".json":
            return None  # ingest names the problem
        raise BadClaims(f"{path}: not a readable claims GeoJSON ({err})") from err
    try:
        fc = loads_json(text, path, BadClaims)
    except BadClaims as err:
        if suffix == ".json" and "malformed JSON" in str(err):
            return None
        reason = str(err).removeprefix(f"{path}: ")
        if "malformed JSON" in reason:
            raise BadClaims(f"{path}: not JSON, so not a claims GeoJSON ({reason})") from err
        raise
    if suffix == ".json" and not (isinstance(fc, dict) and fc.get("type") == "FeatureCollection"):
        return None
    validate(fc, where=path)
    return fc


def load_inputs(obj: Ctx, paths: Sequence[str], *, strict: bool, max_bytes: int,
                db: str | None = None, since: str | None = None, until: str | None = None
                ) -> tuple[dict, list[Failure], int]:
    """Claims from articles, from claims GeoJSON files, or from a ledger."""
    since, until = check_period(since, until)
    if db:
        from geo.ledger import open_ledger

        ledger = open_ledger(db, create=False)
        try:
            fc = ledger.feature_collection(since=since, until=until)
        finally:
            ledger.close()
        return fc, [], 0
    fcs, articles = [], []
    for p in paths:
        fc = read_claims_file(p)
        if fc is None:
            articles.append(p)
        else:
            log.info("%s: read %d claim(s)", p, len(fc["features"]))
            fcs.append(fc)
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


# ------------------------------------------------------------------ dates

#: What ``--since`` / ``--until`` accept (README, "Dates on the command line").
DATE_FORMS = ("YYYY, YYYY-MM or YYYY-MM-DD; or relative to today: today, yesterday, "
              "Nd (N days ago, e.g. 7d), Nw (N weeks ago, e.g. 2w)")


def parse_date(value: str, *, today=None) -> str:
    """A ``--since``/``--until`` value as an ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).

    >>> import datetime as dt
    >>> parse_date("7d", today=dt.date(2025, 12, 8)), parse_date("2025-11")
    ('2025-12-01', '2025-11')

    Raises ``ValueError`` with a message naming the accepted forms.
    """
    import datetime as dt
    import re

    v = (value or "").strip().lower()
    today = today or dt.date.today()
    rel = {"today": 0, "yesterday": 1}
    if v in rel:
        return (today - dt.timedelta(days=rel[v])).isoformat()
    m = re.fullmatch(r"(\d{1,5})([dw])", v)
    if m:
        days = int(m.group(1)) * (7 if m.group(2) == "w" else 1)
        try:
            return (today - dt.timedelta(days=days)).isoformat()
        except OverflowError:
            raise ValueError(f"{value!r} reaches before year 1") from None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", v)
    if m:
        y, mo, d = m.groups()
        try:
            dt.date(int(y), int(mo or 1), int(d or 1))
        except ValueError:
            raise ValueError(f"{value!r} is not a real date (expected {DATE_FORMS})") from None
        return v
    raise ValueError(f"{value!r} is not a date (expected {DATE_FORMS})")


def date_option(ctx, param, value):
    """click callback for ``--since`` / ``--until``: an ISO date or a usage error (exit 2)."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


def check_period(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Both ends parsed; ``since`` after ``until`` is a usage error (exit 2)."""
    try:
        since = parse_date(since) if since else None
        until = parse_date(until) if until else None
    except ValueError as err:
        raise click.UsageError(f"--since/--until: {err}") from None
    if since and until:
        start = since + "-01-01"[len(since) - 4:] if len(since) < 10 else since
        end = until + "-12-31"[len(until) - 4:] if len(until) < 10 else until
        if start > end:
            raise click.UsageError(f"--since {since} is after --until {until}: the period is "
                                   f"empty")
    return since, until
