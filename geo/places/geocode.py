"""The optional online geocoder: asks Nominatim or GeoNames for names the offline gazetteer lacks.

Off by default.  ``resolve_settings`` decides whether it is on (flag > ``FRONTLINE_GEOCODER`` >
off); ``get_backend`` builds it; the resolver calls ``lookup`` for mentions it cannot place::

    geocoder = get_backend("nominatim", user_agent="newsroom-map/1.0 (desk@example.org)")
    place, reason = geocoder.lookup("Zalizne", country_codes=["UA"])

geopy does the HTTP and maps HTTP statuses to its exceptions; geopy's ``RateLimiter`` spaces the
requests (at least ``min_delay_seconds`` apart, 1 s for the public Nominatim, as its usage policy
asks).  On top of that this module adds what a batch run needs:

* bounded retries with exponential backoff (honouring ``Retry-After`` up to a cap) for transient
  faults: timeouts, HTTP 429 and 5xx, a connection refused, a malformed body;
* a circuit breaker: after ``give_up_after`` names in a row failed, or at once on an error that
  will not heal in this run (HTTP 401/403, quota exhausted), it stops asking and every further
  name is reported unresolved immediately, so a run against a dead server still finishes;
* a persistent SQLite cache so a name is asked at most once, keyed by (backend, domain, folded
  name, country codes).  "No result" is cached too; transient failures never are.  Writes are
  SQLite transactions, so a killed writer or a concurrent reader leaves the cache valid; a file
  that is not an SQLite database is set aside (renamed ``*.corrupt-<time>``) and rebuilt.

``lookup`` never raises for a network fault: it returns ``(None, reason)``.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from geo import __version__
from geo.errors import GeocoderError
from geo.model import Place
from geo.places.geocode_cache import MISS, AnswerCache
from geo.places.geocode_places import clean, country_code, geonames_place, nominatim_place
from geo.text import fold

log = logging.getLogger(__name__)

ENV_GEOCODER = "FRONTLINE_GEOCODER"
ENV_USER_AGENT = "FRONTLINE_USER_AGENT"
ENV_URL = "FRONTLINE_GEOCODER_URL"  # e.g. http://127.0.0.1:8080 or https://nominatim.example.org
ENV_CACHE_DIR = "FRONTLINE_CACHE_DIR"
ENV_GEONAMES_USERNAME = "FRONTLINE_GEONAMES_USERNAME"
#: Set by the packaging metadata (``[project.urls]``) when present; used in the user agent.
PROJECT_URL: str | None = None

_OFF = frozenset({"", "off", "none", "no", "0", "false"})
_MAX_NAME = 200  # characters; longer "names" are not place names
_MAX_BYTES = 2_000_000  # largest response body read


# -- settings -----------------------------------------------------------------------------------

def resolve_settings(flag: str | None) -> tuple[str | None, str]:
    """Which online geocoder to use: flag > env ``FRONTLINE_GEOCODER`` > default (off).

    Returns ``(name or None, where it came from)``; ``"off"``, ``"none"`` or ``""`` mean off.

    >>> resolve_settings("Nominatim")
    ('nominatim', '--geocoder')
    >>> resolve_settings("off")[0] is None
    True
    """
    env = os.environ.get(ENV_GEOCODER)
    for value, where in ((flag, "--geocoder"), (env, f"env {ENV_GEOCODER}")):
        if value is not None:
            name = value.strip().lower()
            return (None if name in _OFF else name), where
    return None, "default (off)"


def resolve_user_agent(flag: str | None = None) -> tuple[str, str]:
    """The User-Agent: flag > env ``FRONTLINE_USER_AGENT`` > ``frontline/<version> (+<url>)``."""
    for value, where in ((flag, "--user-agent"),
                         (os.environ.get(ENV_USER_AGENT), f"env {ENV_USER_AGENT}")):
        if value and value.strip():
            ua = value.strip()
            if any(ord(c) < 32 or ord(c) == 127 for c in ua):
                raise GeocoderError(f"user agent from {where} contains control characters: {ua!r}")
            return ua, where
    url = _project_url()
    return (f"frontline/{__version__} (+{url})" if url else f"frontline/{__version__}"), "default"


@functools.lru_cache(maxsize=1)
def _project_url() -> str | None:
    if PROJECT_URL:
        return PROJECT_URL
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        md = metadata("frontline")
    except (ImportError, PackageNotFoundError):  # pragma: no cover  (not installed)
        return None
    for entry in md.get_all("Project-URL") or []:
        url = entry.partition(",")[2].strip()
        if url.startswith("http"):
            return url
    home = md.get("Home-page")
    return home if home and home.startswith("http") else None


def default_cache_path() -> Path:
    """``$FRONTLINE_GEOCODER_CACHE``, else ``$FRONTLINE_CACHE_DIR/geocode.sqlite``, else
    ``$XDG_CACHE_HOME`` or ``~/.cache``."""
    own = os.environ.get("FRONTLINE_GEOCODER_CACHE")
    if own:
        return Path(own).expanduser()
    base = os.environ.get(ENV_CACHE_DIR)
    if base:
        return Path(base).expanduser() / "geocode.sqlite"
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return root / "frontline" / "geocode.sqlite"


def _endpoint(domain: str | None, scheme: str | None) -> tuple[str | None, str | None]:
    """Domain and scheme: arguments > env ``FRONTLINE_GEOCODER_URL`` > the backend's default."""
    if domain is None and os.environ.get(ENV_URL):
        url = os.environ[ENV_URL].strip()
        m = re.fullmatch(r"(https?)://([^/?#\s]+(?:/[^?#\s]*)?)", url)
        if not m:
            raise GeocoderError(f"env {ENV_URL}={url!r} is not an http(s) URL such as "
                                "http://127.0.0.1:8080")
        scheme, domain = scheme or m.group(1), m.group(2).rstrip("/")
    if scheme is not None and scheme not in ("http", "https"):
        raise GeocoderError(f"geocoder scheme must be http or https, not {scheme!r}")
    return domain, scheme


# -- HTTP: geopy's urllib adapter with a bounded body -------------------------------------------

def _bounded_adapter(max_bytes: int, body_seconds: float | None) -> Callable[..., Any]:
    """An ``adapter_factory`` for geopy: its urllib adapter, reading at most ``max_bytes``
    and giving up when the body takes longer than ``body_seconds`` (a trickling server)."""
    from geopy.adapters import URLLibAdapter
    from geopy.exc import GeocoderParseError, GeocoderServiceError, GeocoderTimedOut

    class BoundedURLLibAdapter(URLLibAdapter):
        def _decode_page(self, page: Any) -> str:
            read = getattr(page, "read1", page.read)
            start = time.monotonic()
            chunks: list[bytes] = []
            size = 0
            while True:
                try:
                    chunk = read(65536)
                except TimeoutError as err:
                    raise GeocoderTimedOut("Service timed out") from err
                except Exception as err:
                    raise GeocoderServiceError("Unable to read the response") from err
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise GeocoderParseError(f"response larger than {max_bytes} bytes")
                if body_seconds is not None and time.monotonic() - start > body_seconds:
                    raise GeocoderTimedOut("response body arrives too slowly")
                chunks.append(chunk)
            encoding = page.headers.get_content_charset() or "utf-8"
            try:
                return b"".join(chunks).decode(encoding)
            except (LookupError, ValueError) as err:
                raise GeocoderParseError("Unable to decode the response bytes") from err

    return BoundedURLLibAdapter


# -- the geocoder -------------------------------------------------------------------------------

def _classify(err: BaseException, timeout: float | None) -> tuple[str, bool, bool, float | None]:
    """``(message, transient, fatal, retry_after)`` for an error raised by a geopy call.

    transient: worth retrying; fatal: will not heal in this run (stop asking).
    """
    from geopy import exc as gx
    from geopy.adapters import AdapterHTTPError

    cause = err.__cause__
    status = cause.status_code if isinstance(cause, AdapterHTTPError) else None
    http = f"HTTP {status}" if status else None
    if isinstance(err, gx.GeocoderRateLimited):
        return "HTTP 429 (rate limited)", True, False, err.retry_after
    if isinstance(err, (gx.GeocoderAuthenticationFailure, gx.GeocoderInsufficientPrivileges)):
        why = f"{http or 'refused'} (access denied, check the user agent or account: " \
              f"{clean(err, 60)})"
        return why, False, True, None
    if isinstance(err, gx.GeocoderQuotaExceeded):
        return f"{http or 'quota exceeded'} ({clean(err, 60)})", False, True, None
    if isinstance(err, gx.GeocoderTimedOut):
        return http or f"timed out ({clean(err, 40)}, limit {timeout:g} s)", True, False, None
    if isinstance(err, gx.GeocoderParseError):
        return "malformed response (not the expected JSON)", True, False, None
    if isinstance(err, gx.GeocoderQueryError):
        return f"{http or 'query rejected'} ({clean(err, 60)})", False, False, None
    if isinstance(err, gx.GeocoderServiceError):  # 5xx, connection refused, unreachable
        if http:
            return http, True, False, None
        msg = clean(err, 60)
        if "user does not exist" in msg or "not enabled" in msg:
            return f"refused ({msg})", False, True, None
        return f"network error ({msg})", True, False, None
    if isinstance(err, (ValueError, TypeError, KeyError, IndexError, AttributeError,
                        RecursionError)):
        return f"malformed response ({type(err).__name__})", True, False, None
    raise err


class OnlineGeocoder:
    """Base of the online backends: cache, rate limit, retries, circuit breaker.

    Parameters (keyword-only; the constructor does no I/O)
    ----------
    cache_path : the SQLite cache (default :func:`default_cache_path`).
    user_agent : see :func:`resolve_user_agent`.
    domain, scheme : the service, e.g. ``"127.0.0.1:8080"``, ``"http"``.
    timeout : seconds per request (connect, each read, and the whole body).
    min_delay_seconds : at least this long between two requests (geopy's ``RateLimiter``).
    max_retries : retries after a transient fault; ``max_retries + 1`` requests at most per name.
    backoff_seconds, max_backoff_seconds : waits ``backoff * 2**i`` (capped) between tries;
        ``Retry-After`` is honoured up to the cap, a longer one stops the asking.
    give_up_after : stop asking after this many names in a row failed (``None``: never).
    sleep, clock : the time seam (tests pass fast or recording functions).
    adapter_factory : geopy's HTTP seam (default: geopy's urllib adapter, bounded body).
    """

    name: ClassVar[str] = ""
    default_domain: ClassVar[str] = ""
    default_scheme: ClassVar[str] = "https"

    def __init__(self, *, cache_path: str | os.PathLike[str] | None = None,
                 user_agent: str | None = None, domain: str | None = None,
                 scheme: str | None = None, timeout: float = 5.0, min_delay_seconds: float = 1.0,
                 max_retries: int = 2, backoff_seconds: float = 1.0,
                 max_backoff_seconds: float = 30.0, give_up_after: int | None = 3,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 adapter_factory: Callable[..., Any] | None = None) -> None:
        if not (timeout > 0 and min_delay_seconds >= 0 and max_retries >= 0
                and backoff_seconds >= 0 and max_backoff_seconds >= 0):
            raise GeocoderError(f"{self.name}: timeout must be > 0 and the delays, backoffs "
                                f"and retries >= 0 (got timeout={timeout}, min_delay_seconds="
                                f"{min_delay_seconds}, max_retries={max_retries})")
        domain, scheme = _endpoint(domain, scheme)
        self.domain = (domain or self.default_domain).strip("/")
        self.scheme = scheme or self.default_scheme
        self.user_agent, self.user_agent_source = resolve_user_agent(user_agent)
        self.cache = AnswerCache(cache_path if cache_path is not None else default_cache_path())
        self.timeout = float(timeout)
        self.min_delay_seconds = float(min_delay_seconds)
        self.max_retries = int(max_retries)
        self.backoff_seconds = float(backoff_seconds)
        self.max_backoff_seconds = float(max_backoff_seconds)
        self.give_up_after = give_up_after
        self._sleep = sleep
        self._clock = clock
        self._adapter_factory = adapter_factory
        self._lock = threading.RLock()
        self._client: Callable[..., Any] | None = None
        self._failed_in_a_row = 0
        self.broken: str | None = None  # why it stopped asking, once it has
        self.requests = 0  # HTTP requests made (tries), for reports and tests

    def __repr__(self) -> str:
        return f"{type(self).__name__}(domain={self.domain!r}, cache={str(self.cache.path)!r})"

    # pickling (Dask workers): connections and clients are rebuilt on first use
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.update(_lock=None, _client=None, cache=AnswerCache(self.cache.path))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    def close(self) -> None:
        """Close the cache connection (it reopens on the next lookup)."""
        self.cache.close()

    def lookup(self, name: str, *, country_codes: Sequence[str] = ()) -> tuple[Place | None, str]:
        """Ask the service for ``name`` (restricted to ``country_codes`` when given).

        Returns ``(place, reason)``; ``(None, reason)`` when there is no usable answer or the
        service failed after its retries.  Raises :class:`GeocoderError` only for a bad argument
        or a cache that cannot be used.

        >>> geocoder.lookup("Zalizne", country_codes=["UA"])  # doctest: +SKIP
        (Place(id='nominatim:N337604270', name='Zalizne', ...), "nominatim: 'Zalizne' -> ...")
        """
        if not isinstance(name, str):
            raise GeocoderError(f"{self.name}: a name must be a string, not {type(name).__name__}")
        query = " ".join(name.split())
        if not query:
            return None, f"{self.name}: empty name, not asked"
        if len(query) > _MAX_NAME:
            return None, f"{self.name}: name longer than {_MAX_NAME} characters, not asked"
        codes = self._codes(country_codes)
        key = (self.name, self.domain, " ".join(fold(query).split()), ",".join(codes))
        with self._lock:
            records = self.cache.get(key)
            if records is MISS:
                if self.broken:
                    return None, f"{self.name}: not asked ({self.broken})"
                records, failure = self._ask_with_retries(query, codes)
                if records is None:
                    return None, f"{self.name}: {failure}"
                self.cache.put(key, records)
        return self._choose(query, codes, records)

    # -- asking ---------------------------------------------------------------------------------
    def _codes(self, country_codes: Sequence[str] | str | None) -> tuple[str, ...]:
        if isinstance(country_codes, str):
            country_codes = [country_codes]
        out = set()
        for c in country_codes or ():
            if c is None or str(c).strip() == "":
                continue
            code = country_code(c)
            if code is None:
                raise GeocoderError(f"{self.name}: country code {c!r} is not ISO 3166-1 "
                                    "alpha-2 (two letters, e.g. UA)")
            out.add(code)
        return tuple(sorted(out))

    def _call(self) -> Callable[..., Any]:
        if self._client is None:
            from geopy.extra.rate_limiter import RateLimiter

            factory = self._adapter_factory or _bounded_adapter(_MAX_BYTES, self.timeout)
            geocoder = self._make_geopy(factory)
            limiter = RateLimiter(geocoder.geocode, min_delay_seconds=self.min_delay_seconds,
                                  max_retries=0, error_wait_seconds=self.min_delay_seconds,
                                  swallow_exceptions=False)
            limiter._sleep = self._sleep  # geopy's own time seams
            limiter._clock = self._clock
            self._client = limiter
        return self._client

    def _proxies(self) -> dict[str, Any]:
        """No proxy for a server on this machine; otherwise geopy's default (system proxies)."""
        host = self.domain.split("/")[0].rsplit(":", 1)[0].strip("[]").lower()
        return {"proxies": {}} if host in ("127.0.0.1", "localhost", "::1") else {}

    def _ask_with_retries(self, query: str, codes: tuple[str, ...]
                          ) -> tuple[list[dict[str, Any]] | None, str]:
        """``(records, "")`` on an answer, ``(None, why)`` after bounded retries."""
        message = ""
        tries = 0
        for attempt in range(self.max_retries + 1):
            tries += 1
            self.requests += 1
            try:
                records = self._ask(self._call(), query, codes)
            except Exception as err:  # noqa: BLE001  (classified; unknown errors re-raise)
                message, transient, fatal, retry_after = _classify(err, self.timeout)
            else:
                self._failed_in_a_row = 0
                return records, ""
            log.info("%s: %r try %d failed: %s", self.name, query, tries, message)
            if fatal:
                self.broken = f"the service refused: {message}"
                return None, f"{message}; not asking again in this run"
            if not transient:  # the service answered; this name alone is the problem
                return None, message
            if attempt == self.max_retries:
                break
            wait = min(self.max_backoff_seconds, self.backoff_seconds * 2 ** attempt)
            if retry_after is not None:
                if retry_after > self.max_backoff_seconds:
                    self.broken = f"it asked to wait {retry_after:g} s (Retry-After)"
                    return None, (f"{message}, Retry-After {retry_after:g} s is longer than the "
                                  f"{self.max_backoff_seconds:g} s this run waits; not asking "
                                  "again in this run")
                wait = max(wait, float(retry_after))
            self._sleep(wait)
        self._failed_in_a_row += 1
        if self.give_up_after is not None and self._failed_in_a_row >= self.give_up_after:
            self.broken = f"{self._failed_in_a_row} names in a row failed, last: {message}"
        return None, f"{message} after {tries} {'try' if tries == 1 else 'tries'}"

    def _choose(self, query: str, codes: tuple[str, ...],
                records: list[Any]) -> tuple[Place | None, str]:
        where = f" in {','.join(codes)}" if codes else ""
        skipped = []
        for rec in records:
            if not isinstance(rec, dict):
                continue
            place, why = self._to_place(rec, query)
            if place is not None and codes and place.country not in codes:
                place, why = None, f"outside {','.join(codes)}"
            if place is not None:
                return place, f"{self.name}: {query!r} -> {self._describe(place, rec)}"
            skipped.append(why)
        if not skipped:
            return None, f"{self.name}: no result for {query!r}{where}"
        return None, (f"{self.name}: no usable result for {query!r}{where} (skipped: "
                      f"{'; '.join(dict.fromkeys(skipped))})")

    # -- per backend ----------------------------------------------------------------------------
    def _make_geopy(self, adapter_factory: Callable[..., Any]) -> Any:  # pragma: no cover
        raise NotImplementedError

    def _ask(self, call: Callable[..., Any], query: str,
             codes: tuple[str, ...]) -> list[dict[str, Any]]:  # pragma: no cover
        raise NotImplementedError

    def _to_place(self, rec: Mapping[str, Any],
                  query: str) -> tuple[Place | None, str]:  # pragma: no cover
        raise NotImplementedError

    def _describe(self, place: Place, rec: Mapping[str, Any]) -> str:
        where = ", ".join(x for x in (place.admin1, place.country) if x)
        return f"{place.name}{', ' + where if where else ''} ({place.id})"


def _records(answer: Any, limit: int) -> list[dict[str, Any]]:
    """The raw JSON records of a geopy answer (None, a Location or a list of them)."""
    if answer is None:
        return []
    items = answer if isinstance(answer, list) else [answer]
    out = [dict(loc.raw) for loc in items if loc is not None]
    if not all(isinstance(r, dict) for r in out):
        raise ValueError("records are not JSON objects")
    return out[:limit]


# -- Nominatim ----------------------------------------------------------------------------------

class NominatimGeocoder(OnlineGeocoder):
    """OpenStreetMap's Nominatim (``nominatim.openstreetmap.org`` or a self-hosted one)."""

    name = "nominatim"
    default_domain = "nominatim.openstreetmap.org"
    limit = 5  # records asked per name; the first usable one wins

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        if self.domain == self.default_domain and self.min_delay_seconds < 1.0:
            raise GeocoderError("the public Nominatim allows at most one request a second: "
                                f"min_delay_seconds={self.min_delay_seconds} is too short")

    def _make_geopy(self, adapter_factory: Callable[..., Any]) -> Any:
        from geopy.geocoders import Nominatim

        return Nominatim(user_agent=self.user_agent, domain=self.domain, scheme=self.scheme,
                         timeout=self.timeout, adapter_factory=adapter_factory,
                         **self._proxies())

    def _ask(self, call: Callable[..., Any], query: str,
             codes: tuple[str, ...]) -> list[dict[str, Any]]:
        answer = call(query, exactly_one=False, limit=self.limit, addressdetails=True,
                      language="en", country_codes=[c.lower() for c in codes] or None)
        return _records(answer, self.limit)

    def _to_place(self, rec: Mapping[str, Any], query: str) -> tuple[Place | None, str]:
        return nominatim_place(rec, query)

    def _describe(self, place: Place, rec: Mapping[str, Any]) -> str:
        cls = rec.get("class") or rec.get("category")
        kind = f"{clean(cls, 20)}/{clean(rec.get('type'), 20)}"
        return f"{super()._describe(place, rec)[:-1]}, {kind})"


# -- GeoNames web service -----------------------------------------------------------------------

class GeoNamesGeocoder(OnlineGeocoder):
    """The GeoNames search web service; needs a (free) account name.

    ``username``: argument > env ``FRONTLINE_GEONAMES_USERNAME``.  Ids are GeoNames ids, the same
    as the offline gazetteer's (``geonames:<id>``); ``source`` is ``"geonames-web"``.
    """

    name = "geonames"
    default_domain = "api.geonames.org"
    default_scheme = "http"  # as geopy: api.geonames.org is http (secure.geonames.org: https)
    limit = 10

    def __init__(self, *, username: str | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.username = (username or os.environ.get(ENV_GEONAMES_USERNAME) or "").strip()
        if not self.username:
            raise GeocoderError("the geonames geocoder needs a GeoNames account name: set "
                                f"{ENV_GEONAMES_USERNAME} (free at https://www.geonames.org/login)")

    def _make_geopy(self, adapter_factory: Callable[..., Any]) -> Any:
        from geopy.geocoders import GeoNames

        return GeoNames(self.username, user_agent=self.user_agent, domain=self.domain,
                        scheme=self.scheme, timeout=self.timeout, adapter_factory=adapter_factory,
                        **self._proxies())

    def _ask(self, call: Callable[..., Any], query: str,
             codes: tuple[str, ...]) -> list[dict[str, Any]]:
        return _records(call(query, exactly_one=False, country=list(codes) or None), self.limit)

    def _to_place(self, rec: Mapping[str, Any], query: str) -> tuple[Place | None, str]:
        return geonames_place(rec, query)


#: The backends by name (``--geocoder NAME``).
BACKENDS: dict[str, type[OnlineGeocoder]] = {
    "nominatim": NominatimGeocoder,
    "geonames": GeoNamesGeocoder,
}


def get_backend(name_or_instance: str | OnlineGeocoder, *,
                cache_path: str | os.PathLike[str] | None = None, user_agent: str | None = None,
                domain: str | None = None, scheme: str | None = None, timeout: float = 5.0,
                min_delay_seconds: float = 1.0, max_retries: int = 2,
                **options: Any) -> OnlineGeocoder:
    """The online geocoder called ``name`` (see ``BACKENDS``), or ``name_or_instance`` itself.

    Extra ``options`` go to the backend (``backoff_seconds``, ``give_up_after``, ``username``…).

    >>> get_backend("google")
    Traceback (most recent call last):
    geo.errors.GeocoderError: unknown geocoder 'google'; valid names: geonames, nominatim
    """
    if isinstance(name_or_instance, OnlineGeocoder):
        return name_or_instance
    if not isinstance(name_or_instance, str):
        raise GeocoderError(f"a geocoder is a name or an OnlineGeocoder, not "
                            f"{type(name_or_instance).__name__}")
    key = name_or_instance.strip().lower()
    cls = BACKENDS.get(key)
    if cls is None:
        raise GeocoderError(f"unknown geocoder {name_or_instance!r}; valid names: "
                            f"{', '.join(sorted(BACKENDS))}")
    return cls(cache_path=cache_path, user_agent=user_agent, domain=domain, scheme=scheme,
               timeout=timeout, min_delay_seconds=min_delay_seconds, max_retries=max_retries,
               **options)
