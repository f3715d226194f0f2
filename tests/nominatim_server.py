"""A small real HTTP server on 127.0.0.1 that answers like Nominatim (and GeoNames' searchJSON).

It serves ``/search`` in Nominatim's ``json``/``jsonv2`` format from a table of records the test
supplies, and can misbehave on purpose, per query name, for the next requests::

    with NominatimServer({"zalizne": [record]}) as srv:
        srv.script("zalizne", "429", "500", "ok")   # 429, then 500, then the record
        ...
        assert srv.count("zalizne") == 3

Behaviours: ``ok``, ``429`` (``Retry-After: 0``; ``429:N`` sends N), ``500``, ``502``, ``503``,
``403``, ``malformed`` (an HTML page with status 200), ``deep`` (JSON nested far too deep),
``huge`` (a 3 MB body), ``slow`` (sleeps ``slow_seconds`` before answering), ``hang`` (accepts and
never answers until the server stops), ``trickle`` (sends the headers, then a byte at a time until
the server stops), ``wrongshape`` (JSON that is not a list of records).

Other processes (a CLI test) steer it over HTTP: ``GET /__control?name=X&do=429,ok`` and
``GET /__count?name=X``.  ``python tests/nominatim_server.py`` runs it in the foreground.
"""
from __future__ import annotations

import json
import threading
import time
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit


def _key(name: str) -> str:
    """Case- and diacritic-insensitive key, as Nominatim matches names."""
    s = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


class NominatimServer:
    """A ThreadingHTTPServer on ``127.0.0.1`` port 0, served from a background thread.

    Parameters
    ----------
    places : query name -> Nominatim records (``/search``).
    geonames : query name -> GeoNames records (``/searchJSON``).
    slow_seconds : how long the ``slow`` behaviour sleeps before answering.
    filter_countries : apply ``countrycodes``/``country`` (False: a server that ignores them).
    """

    def __init__(self, places: Mapping[str, Sequence[Mapping[str, Any]]] | None = None, *,
                 geonames: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
                 slow_seconds: float = 1.0, filter_countries: bool = True) -> None:
        self.places = {_key(k): [dict(r) for r in v] for k, v in (places or {}).items()}
        self.geonames = {_key(k): [dict(r) for r in v] for k, v in (geonames or {}).items()}
        self.slow_seconds = slow_seconds
        self.filter_countries = filter_countries
        self.stop = threading.Event()
        self.requests: list[dict[str, Any]] = []  # every request: path, params, user agent
        self._counts: Counter[str] = Counter()
        self._scripts: dict[str, deque[str]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> NominatimServer:
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True,
                                        kwargs={"poll_interval": 0.05})
        self._thread.start()
        return self

    def close(self) -> None:
        self.stop.set()  # releases hanging and trickling handlers
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def domain(self) -> str:
        """``127.0.0.1:PORT``, what geopy calls the domain."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.domain}"

    # -- control ------------------------------------------------------------------------------
    def script(self, name: str, *behaviours: str) -> None:
        """Queue behaviours for the next requests for ``name`` (then ``ok`` again)."""
        with self._lock:
            self._scripts[_key(name)].extend(behaviours)

    def count(self, name: str | None = None) -> int:
        """Requests received for ``name`` (all search requests when None)."""
        with self._lock:
            return self._counts[_key(name)] if name is not None else sum(self._counts.values())

    def _next(self, name: str) -> str:
        with self._lock:
            self._counts[_key(name)] += 1
            q = self._scripts.get(_key(name))
            return q.popleft() if q else "ok"


class _Handler(BaseHTTPRequestHandler):
    owner: NominatimServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        srv = self.owner
        parts = urlsplit(self.path)
        params = parse_qs(parts.query)
        one = {k: v[0] for k, v in params.items()}
        with srv._lock:
            srv.requests.append({"path": parts.path, "params": params, "time": time.monotonic(),
                                 "user_agent": self.headers.get("User-Agent")})
        if parts.path == "/__control":
            srv.script(one.get("name", ""), *one.get("do", "").split(","))
            return self._send(200, b"{}")
        if parts.path == "/__count":
            return self._send(200, json.dumps({"count": srv.count(one.get("name"))}).encode())
        if parts.path not in ("/search", "/searchJSON"):
            return self._send(404, b'{"error": "not found"}')
        name = one.get("q", "")
        behaviour = srv._next(name)
        if behaviour == "ok":
            return self._answer(parts.path, name, params)
        if behaviour.startswith("429"):
            wait = behaviour.partition(":")[2] or "0"
            return self._send(429, b"Too Many Requests", {"Retry-After": wait})
        if behaviour in ("500", "502", "503", "403"):
            return self._send(int(behaviour), b"<html>error</html>", ctype="text/html")
        if behaviour == "malformed":
            return self._send(200, b"<html><body>Service maintenance</body></html>")
        if behaviour == "wrongshape":
            return self._send(200, b'"just a string"')
        if behaviour == "deep":
            return self._send(200, b"[" * 200_000 + b"]" * 200_000)
        if behaviour == "huge":
            return self._send(200, b"[" + b" " * 3_000_000 + b"]")
        if behaviour == "slow":
            if srv.stop.wait(srv.slow_seconds):
                return None
            return self._answer(parts.path, name, params)
        if behaviour == "hang":
            srv.stop.wait()
            self.close_connection = True
            return None
        if behaviour == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            while not srv.stop.wait(0.02):
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    break
            self.close_connection = True
            return None
        raise ValueError(f"unknown behaviour {behaviour!r}")

    def _answer(self, path: str, name: str, params: Mapping[str, list[str]]) -> None:
        srv = self.owner
        if path == "/searchJSON":
            if params.get("username", [""])[0] == "badname":
                body = {"status": {"message": "user does not exist.", "value": 10}}
                return self._send(200, json.dumps(body).encode())
            wanted = {c.upper() for c in params.get("country", [])} if srv.filter_countries else {}
            rows = [r for r in srv.geonames.get(_key(name), [])
                    if not wanted or r.get("countryCode", "").upper() in wanted]
            body = {"totalResultsCount": len(rows), "geonames": rows}
            return self._send(200, json.dumps(body).encode())
        codes = {c.strip().lower() for c in params.get("countrycodes", [""])[0].split(",")} - {""}
        codes = codes if srv.filter_countries else set()
        rows = [r for r in srv.places.get(_key(name), [])
                if not codes or r.get("address", {}).get("country_code", "").lower() in codes]
        limit = int(params.get("limit", ["10"])[0])
        out = []
        for r in rows[:limit]:
            r = dict(r)
            if params.get("addressdetails", ["0"])[0] != "1":
                r.pop("address", None)
            out.append(r)
        return self._send(200, json.dumps(out).encode())

    def _send(self, status: int, body: bytes, headers: Mapping[str, str] | None = None,
              ctype: str = "application/json; charset=utf-8") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (timeout): nothing to answer
            self.close_connection = True


if __name__ == "__main__":  # pragma: no cover  (manual runs: steer it with /__control)
    with NominatimServer() as s:
        print(s.url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
