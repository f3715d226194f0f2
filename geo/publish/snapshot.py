"""Static PNG or PDF of a map with Debian's headless Chromium (print, newsletters, social cards).

Chromium runs with every host name unresolvable, so a snapshot never touches the network: tiles
are skipped and the map shows its offline vector basemap.  By default the map is opened in its
publication mode (``#publish``): title, compact legend, "as of" date, source and credit lines,
and no zoom buttons, panels, checkboxes or sliders.  A ``.pdf`` output is printed (vector text and
outlines, for print desks) instead of screenshotted.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from geo.errors import ExportError
from geo.files import atomic_path

_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--hide-scrollbars", "--mute-audio", "--disable-extensions",
          "--host-resolver-rules=MAP * ~NOTFOUND"]


def find_chromium(chromium: str | None = None) -> str:
    """The Chromium executable: ``chromium`` argument, ``$FRONTLINE_CHROMIUM``, then PATH."""
    for cand in (chromium, os.environ.get("FRONTLINE_CHROMIUM"), "/usr/bin/chromium",
                 shutil.which("chromium"), shutil.which("chromium-browser")):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
        if chromium:  # an explicit choice that does not exist is an error, not a fallback
            break
    raise ExportError("snapshot needs headless Chromium: install Debian's 'chromium' package "
                      "(apt-get install chromium) or set FRONTLINE_CHROMIUM"
                      + (f"; {chromium!r} is not an executable" if chromium else ""))


def snapshot(html_path: str | Path, png_path: str | Path, *, width: int = 1200,
             height: int = 800, chromium: str | None = None, budget_ms: int = 5000,
             timeout: float = 90, publish: bool = True) -> None:
    """Render ``html_path`` to a ``width`` x ``height`` PNG (or PDF) at ``png_path`` (atomically).

    Parameters
    ----------
    publish
        Open the map in publication mode (no controls; title, legend, as-of, source, credits).
        ``False`` shoots the interactive page as a reader first sees it.
    budget_ms
        Virtual time the page gets to draw before the screenshot (Chromium's
        ``--virtual-time-budget``; timers run fast, so this is not wall time).

    Raises
    ------
    ExportError
        If the HTML file is missing, Chromium is missing, or it fails or writes no PNG.

    Example::

        snapshot("maps/claims.html", "maps/claims.png", width=1200, height=630)  # social card
    """
    src = Path(html_path)
    if not src.is_file():
        raise ExportError(f"snapshot: {src} does not exist or is not a file")
    if not (100 <= width <= 8000 and 100 <= height <= 8000):
        raise ExportError(f"snapshot: size {width}x{height} is outside 100..8000 pixels")
    exe = find_chromium(chromium)
    with tempfile.TemporaryDirectory(prefix="frontline-chromium-") as profile, \
            atomic_path(png_path) as tmp:
        pdf = Path(png_path).suffix.lower() == ".pdf"
        out = ([f"--print-to-pdf={tmp}", "--no-pdf-header-footer"] if pdf
               else [f"--screenshot={tmp}"])
        cmd = [exe, *_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
               f"--virtual-time-budget={int(budget_ms)}", *out,
               src.resolve().as_uri() + ("#publish" if publish else "")]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired as err:
            raise ExportError(f"snapshot: chromium took more than {timeout:g} s on {src}") \
                from err
        except OSError as err:
            raise ExportError(f"snapshot: cannot run {exe}: {err}") from err
        if proc.returncode != 0 or not tmp.exists() or tmp.stat().st_size == 0:
            tail = (proc.stderr or "").strip().splitlines()[-3:]
            raise ExportError(f"snapshot: chromium failed on {src} (exit {proc.returncode}): "
                              + " | ".join(tail))
