"""The review page: a local web app (Starlette, served by uvicorn on 127.0.0.1) over a ledger.

    app = create_app(ledger, reviewer="ana", lookup=gz.lookup)
    serve(app, port=8765, on_ready=lambda url: print(url))

Reading is open to the page; every request that changes the ledger must carry the run's token
(``X-Frontline-Token``, a fresh random value per run, written into the page) as JSON with the
page's own origin, so no other web page can record a decision.  Requests naming another host
are refused (DNS rebinding).  Article text reaches the page only as JSON and is put in the page
with ``textContent``; a Content-Security-Policy allows only the app's own scripts.  Errors are
4xx/5xx JSON with a one-line message, never a traceback.

The ledger connection is used from the event loop's thread only (every endpoint is ``async``
and the ledger calls are short), so one SQLite connection serves the whole run.
"""
from __future__ import annotations

import html
import json
import re
import secrets
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geo.ledger import review as rs
from geo.errors import FrontlineError

STATIC = Path(__file__).resolve().parent / "static"
CONTEXT_CHARS = 700  # article text shown either side of the quote
MAX_BODY = 64 * 1024
MAX_CANDIDATES = 12
TILE_HOST = "https://tile.openstreetmap.org"

_EVIDENCE = {  # parts of a claim's evidence text that quote the article
    "trigger": re.compile(r"event: '(.+?)' ->"),
    "claimant": re.compile(r"claimant: [\w ]+? '(.+?)' ->"),
    "cue": re.compile(r"status: '(.+?)'"),
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, **extra: Any):
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


def place_record(cand: Any) -> dict:
    """A gazetteer candidate (or place) as the page and the review store see it."""
    p = getattr(cand, "place", cand)
    return {"place_id": p.id, "place": p.name, "lat": round(p.lat, 7), "lon": round(p.lon, 7),
            "place_type": getattr(p.place_type, "value", p.place_type), "country": p.country,
            "admin1": p.admin1, "precision": getattr(p.precision, "value", p.precision),
            "precision_note": p.precision_note, "population": p.population, "source": p.source,
            "matched": getattr(cand, "matched", None)}


def _find(text: str, needle: str | None, lo: int, hi: int) -> list[int] | None:
    """Offsets of ``needle`` in ``text``, preferring ``[lo, hi)`` (case-insensitive)."""
    if not needle:
        return None
    low, n = text.lower(), needle.lower()
    i = low.find(n, lo, hi)
    if i < 0:
        i = low.find(n)
    return [i, i + len(needle)] if i >= 0 else None


def context(p: dict, text: str | None) -> dict:
    """The article text around the quote, with the quote, place and cue offsets inside it."""
    quote = p.get("quote") or ""
    qs, qe = p.get("quote_start") or 0, p.get("quote_end") or 0
    ms, me = p.get("mention_start"), p.get("mention_end")
    mention = p.get("mention") or ""
    whole = bool(text) and text[qs:qe] == quote and quote != ""
    if not whole:  # no stored text (an older ledger) or it changed: the quote alone
        text, qs, qe = quote, 0, len(quote)
        ms = me = None
    a = max(0, qs - CONTEXT_CHARS)
    b = min(len(text), qe + CONTEXT_CHARS)
    if a > 0:  # start and end on a word boundary
        sp = text.find(" ", a, qs)
        a = sp + 1 if sp >= 0 else a
    if b < len(text):
        sp = text.rfind(" ", qe, b)
        b = sp if sp >= 0 else b
    snippet = text[a:b]
    marks: dict[str, list[int] | None] = {"quote": [qs - a, qe - a]}
    if ms is not None and me is not None and text[ms:me] == mention:
        marks["place"] = [ms - a, me - a]
    else:
        marks["place"] = _find(snippet, mention, qs - a, qe - a)
    for kind, pat in _EVIDENCE.items():
        m = pat.search(p.get("evidence") or "")
        marks[kind] = _find(snippet, m.group(1) if m else None, qs - a, qe - a)
    return {"text": snippet, "from_article": whole, "clipped_start": a > 0,
            "clipped_end": b < len(text), "marks": {k: v for k, v in marks.items() if v}}


def _summary(p: dict) -> dict:
    keys = ("claim_id", "article", "place", "mention", "event", "actor", "claimant",
            "claimant_side", "status", "event_date", "published", "confidence", "title",
            "review_status", "reviewed_by", "reviewed_at", "review_outdated")
    return {k: p.get(k) for k in keys}


def _queue_key(p: dict) -> tuple:
    todo = p["review_status"] == "pending" or p["review_outdated"]
    day = p.get("published") or p.get("event_date") or ""
    return (not todo, float(p.get("confidence") or 0), _neg(day), p["claim_id"])


def _neg(day: str) -> tuple:
    return tuple(-ord(ch) for ch in day)


class ReviewApp:
    """The state of one run: the ledger, who reviews, the token and the gazetteer look-up."""

    def __init__(self, ledger, *, reviewer: str, lookup: Callable[[str], list] | None = None,
                 gazetteer_out: str | Path | None = None, tiles: bool = False,
                 title: str = "Frontline review", token: str | None = None):
        self.store = rs.ReviewStore(ledger)
        self.reviewer = reviewer
        self.lookup = lookup
        self.gazetteer_out = Path(gazetteer_out) if gazetteer_out else None
        self.tiles = tiles
        self.title = title
        self.token = token or secrets.token_urlsafe(32)
        self.hosts: set[str] = set()
        self._basemaps: dict[tuple, dict] = {}

    # data ----------------------------------------------------------------
    def queue(self) -> dict:
        latest = self.store.latest()
        rows = []
        for p in self.store.claims():
            rs.apply(p, latest.get(p["claim_id"]))
            rows.append(p)
        rows.sort(key=_queue_key)
        counts = {s: 0 for s in rs.REVIEW_STATUSES}
        for p in rows:
            counts[p["review_status"]] += 1
        return {"claims": [_summary(p) for p in rows], "counts": counts,
                "outdated": sum(1 for p in rows if p["review_outdated"]),
                "orphans": [r.as_dict() for r in self.store.orphans()]}

    def candidates(self, name: str) -> list[dict]:
        if not self.lookup or not name:
            return []
        try:
            found = self.lookup(name)
        except FrontlineError as err:  # e.g. the gazetteer cannot be loaded
            raise ApiError(503, f"gazetteer look-up failed: {err}") from err
        return [place_record(c) for c in found[:MAX_CANDIDATES]]

    def detail(self, claim_id: str) -> dict:
        try:
            p = self.store.claim(claim_id)
        except rs.NoSuchClaim as err:
            raise ApiError(404, str(err)) from err
        history = self.store.history(claim_id)
        latest = history[-1] if history else None
        art = self.store.article(p["article"])
        machine = dict(p)
        applied = rs.apply(dict(p), latest)
        cands = self.candidates(p.get("mention") or p.get("place") or "")
        if not any(c["place_id"] == p.get("place_id") for c in cands):
            cands.insert(0, {"place_id": p.get("place_id"), "place": p.get("place"),
                             "lat": p["_lat"], "lon": p["_lon"], "place_type": p.get("place_type"),
                             "country": p.get("country"), "admin1": p.get("admin1"),
                             "precision": p.get("precision"),
                             "precision_note": p.get("precision_note"), "source": "the claim"})
        return {"claim": machine, "applied": applied,
                "review": latest.as_dict() if latest else None,
                "history": [r.as_dict() for r in history],
                "article": {k: art.get(k) for k in ("id", "title", "url", "published", "outlet")},
                "context": context(p, art.get("text")), "candidates": cands,
                "vocab": rs._VOCAB, "can_save_place": self.gazetteer_out is not None}

    def decide(self, claim_id: str, body: Any) -> dict:
        if not isinstance(body, dict):
            raise ApiError(400, "the request body must be a JSON object")
        decision = body.get("decision")
        note = body.get("note") or ""
        base = body.get("base")
        if base is not None and (not isinstance(base, int) or isinstance(base, bool)):
            raise ApiError(400, "base must be the id (a number) of the review you saw, or null")
        try:
            p = self.store.claim(claim_id)
        except rs.NoSuchClaim as err:
            raise ApiError(404, str(err)) from err
        place = None
        pid = body.get("place_id")
        if pid == "none":  # "none of these places": the claim cannot stand as mapped
            if decision != "corrected":
                raise ApiError(422, "place 'none' is a correction")
            decision = "rejected"
            note = ("none of the candidate places fits" + (f"; {note}" if note else ""))
            if body.get("changes"):
                raise ApiError(422, "a claim with no place cannot have corrected values")
        elif pid is not None and pid != p.get("place_id"):
            place = self._candidate(pid, p, body.get("place_lookup"))
        try:
            review = self.store.record(claim_id, decision=decision, reviewer=self.reviewer,
                                       note=note, changes=body.get("changes") or {},
                                       place=place, base=base, force=bool(body.get("force")))
        except rs.Conflict as err:
            raise ApiError(409, str(err), current=err.current.as_dict()) from err
        except rs.ReviewError as err:
            raise ApiError(422, str(err)) from err
        saved = None
        if place is not None and body.get("save_place"):
            if self.gazetteer_out is None:
                raise ApiError(422, "this run has no --gazetteer-out file to save places in")
            added = rs.save_place(self.gazetteer_out, p.get("mention") or place["place"], place,
                                  source=f"frontline review of claim {claim_id} by "
                                         f"{self.reviewer} ({review.reviewed_at})")
            saved = {"path": str(self.gazetteer_out), "added": added}
        return {"review": review.as_dict(), "saved_place": saved}

    def _candidate(self, pid: Any, p: dict, lookup_name: Any) -> dict:
        names = [p.get("mention") or "", p.get("place") or ""]
        if isinstance(lookup_name, str) and lookup_name.strip():
            names.append(lookup_name.strip()[:200])
        for name in names:
            for c in self.candidates(name):
                if c["place_id"] == pid:
                    return c
        raise ApiError(422, f"place {str(pid)[:80]!r} is not a gazetteer candidate for "
                            f"{' or '.join(repr(n) for n in names if n)}")

    def basemap(self, lon: float, lat: float) -> dict:
        """Country outlines (Natural Earth) around a point, cached per 10-degree cell."""
        from geo.publish.assets import basemap

        cell = (round(lon / 10) * 10, round(lat / 10) * 10)
        if cell not in self._basemaps:
            x, y = cell
            self._basemaps[cell] = {"cell": list(cell), **basemap((x, y, x, y), margin=14)}
        return self._basemaps[cell]

    # page ----------------------------------------------------------------
    def page(self) -> str:
        text = (STATIC / "review.html").read_text(encoding="utf-8")
        return (text.replace("{{title}}", html.escape(self.title))
                .replace("{{token}}", html.escape(self.token))
                .replace("{{reviewer}}", html.escape(self.reviewer))
                .replace("{{tiles}}", "1" if self.tiles else "0"))

    def csp(self) -> str:
        img = "'self' data:" + (f" {TILE_HOST}" if self.tiles else "")
        return ("default-src 'none'; script-src 'self'; style-src 'self'; "
                f"img-src {img}; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                "frame-ancestors 'none'")


def _asset(name: str) -> tuple[str, str]:
    from geo.publish import assets as ra

    if name == "leaflet.js":
        return ra.leaflet_js(), "text/javascript"
    if name == "leaflet.css":
        return ra.leaflet_css(), "text/css"
    if name in ("review.js", "review.css"):
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        return (STATIC / name).read_text(encoding="utf-8"), kind
    raise ApiError(404, f"no asset {name[:80]!r}")


def create_app(state: ReviewApp):
    """The Starlette application for one run."""
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    def fail(status: int, message: str, **extra: Any) -> JSONResponse:
        return JSONResponse({"error": message, **extra}, status_code=status)

    def guard(request: Request, *, write: bool) -> None:
        host = request.headers.get("host", "")
        if state.hosts and host not in state.hosts:
            raise ApiError(421, f"this server answers only for {', '.join(sorted(state.hosts))}")
        if not write:
            return
        if not secrets.compare_digest(request.headers.get("x-frontline-token", ""), state.token):
            raise ApiError(403, "missing or wrong review token: reload the review page")
        origin = request.headers.get("origin")
        if origin and origin.split("://", 1)[-1] not in state.hosts:
            raise ApiError(403, "a request from another site cannot change the ledger")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise ApiError(415, "send the decision as application/json")

    async def index(request: Request) -> Response:
        guard(request, write=False)
        return Response(state.page(), media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": state.csp(),
                                 "Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                                 "X-Content-Type-Options": "nosniff"})

    async def asset(request: Request) -> Response:
        guard(request, write=False)
        body, kind = _asset(request.path_params["name"])
        return Response(body, media_type=kind + "; charset=utf-8",
                        headers={"X-Content-Type-Options": "nosniff"})

    def ok(data: Any) -> JSONResponse:
        return JSONResponse(data, headers={"Cache-Control": "no-store"})

    async def claims(request: Request) -> Response:
        guard(request, write=False)
        return ok(state.queue())

    async def claim(request: Request) -> Response:
        guard(request, write=False)
        return ok(state.detail(request.path_params["claim_id"]))

    async def lookup(request: Request) -> Response:
        guard(request, write=False)
        name = (request.query_params.get("name") or "").strip()[:200]
        if not name:
            raise ApiError(400, "give ?name=")
        return ok({"name": name, "candidates": state.candidates(name)})

    async def basemap(request: Request) -> Response:
        guard(request, write=False)
        try:
            lon = float(request.query_params.get("lon", ""))
            lat = float(request.query_params.get("lat", ""))
        except ValueError as err:
            raise ApiError(400, "give ?lon=&lat= as numbers") from err
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ApiError(400, "lon/lat out of range")
        from starlette.concurrency import run_in_threadpool

        # geometry work off the event loop (it touches no ledger connection)
        return ok(await run_in_threadpool(state.basemap, lon, lat))

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    async def review(request: Request) -> Response:
        guard(request, write=True)
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise ApiError(413, f"the request body is over {MAX_BODY} bytes")
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ApiError(400, f"the request body is not JSON ({err})") from err
        return ok(state.decide(request.path_params["claim_id"], body))

    async def api_error(request: Request, exc: Exception) -> Response:
        return fail(exc.status, exc.message, **exc.extra)

    async def http_error(request: Request, exc: Exception) -> Response:
        return fail(exc.status_code, str(exc.detail))

    async def crash(request: Request, exc: Exception) -> Response:
        line = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        return fail(500, f"the review server failed: {line}")

    routes = [
        Route("/", index),
        Route("/assets/{name}", asset),
        Route("/api/claims", claims),
        Route("/api/claims/{claim_id}", claim),
        Route("/api/claims/{claim_id}/review", review, methods=["POST"]),
        Route("/api/lookup", lookup),
        Route("/api/basemap", basemap),
        Route("/favicon.ico", favicon),
    ]
    return Starlette(routes=routes, exception_handlers={
        ApiError: api_error, HTTPException: http_error, Exception: crash})


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(state: ReviewApp, sock: socket.socket,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the app on ``sock`` (from :func:`bind`) until interrupted."""
    import asyncio

    import uvicorn

    port = sock.getsockname()[1]
    state.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
    url = f"http://127.0.0.1:{port}/"
    config = uvicorn.Config(create_app(state), log_level="warning", access_log=False,
                            lifespan="off", server_header=False)
    server = uvicorn.Server(config)

    async def main() -> None:
        task = asyncio.ensure_future(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.02)
        if server.started and on_ready:
            on_ready(url)
        await task

    asyncio.run(main())
