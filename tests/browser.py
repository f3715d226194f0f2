"""Playwright helpers for the map tests: Debian's Chromium, every request routed and recorded.

Nothing here downloads a browser: it drives ``/usr/bin/chromium`` (never ``playwright install``).
"""
from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TILE_HOSTS = ("tile.openstreetmap.org",)


def _png_1x1(rgb: tuple[int, int, int] = (200, 200, 200)) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" + bytes(rgb))) + chunk(b"IEND", b""))


#: A 1x1 grey PNG served for tile requests in "online" tests (no real network is used).
TILE_PNG = _png_1x1()


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


@contextlib.contextmanager
def launch() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """What a page did: requests by kind, console errors, page errors and dialogs."""

    page: Any
    local: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextlib.contextmanager
def visit(browser: Any, html_path: str | Path, *, tiles: str = "abort",
          viewport: tuple[int, int] = (1200, 800)) -> Iterator[Visit]:
    """Open ``html_path`` with every request routed.

    ``tiles="abort"`` refuses tile requests (offline), ``"serve"`` answers them with a local
    grey PNG (online, still without network).  Any other non-file request is aborted and recorded
    in ``Visit.other`` so the test can assert it is empty.
    """
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                              service_workers="block")
    page = ctx.new_page()
    v = Visit(page=page)

    def handle(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            v.local.append(url)
            route.continue_()
        elif any(h in url for h in TILE_HOSTS):
            v.tiles.append(url)
            if tiles == "serve":
                route.fulfill(status=200, content_type="image/png", body=TILE_PNG)
            else:
                route.abort("internetdisconnected")
        else:
            v.other.append(url)
            route.abort("blockedbyclient")

    ctx.route("**/*", handle)
    page.on("console", lambda m: m.type == "error" and v.console_errors.append(
        f"{m.text} @ {m.location.get('url', '')}"))
    page.on("pageerror", lambda e: v.page_errors.append(str(e)))

    def on_dialog(d: Any) -> None:
        v.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(Path(html_path).resolve().as_uri())
        page.wait_for_selector(".fl-map[data-ready='1']", timeout=15_000)
        yield v
    finally:
        ctx.close()


def js_errors(v: Visit, *, allow_tile_failures: bool = True) -> list[str]:
    """Console and page errors, leaving out Chromium's own "Failed to load resource" lines for
    tile requests the test aborted on purpose (the page cannot silence those)."""
    errs = list(v.page_errors)
    for e in v.console_errors:
        if allow_tile_failures and "Failed to load resource" in e and any(
                h in e for h in TILE_HOSTS):
            continue
        errs.append(e)
    return errs
