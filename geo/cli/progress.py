"""Progress bars for the command line: on a terminal only, after a second, never with ``-q``.

A bar appears when the command has been running for :data:`DELAY` seconds and stderr is a
terminal; piped or redirected output, ``-q/--quiet`` and ``FRONTLINE_NO_PROGRESS=1`` keep
stderr free of bars (log lines from ``-v`` still appear).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")
#: Seconds before a bar shows (``FRONTLINE_PROGRESS_DELAY`` overrides, e.g. 0 in tests).
DELAY = 1.0


def _delay() -> float:
    try:
        return float(os.environ.get("FRONTLINE_PROGRESS_DELAY", DELAY))
    except ValueError:
        return DELAY


def enabled() -> bool:
    ctx = click.get_current_context(silent=True)
    obj = getattr(ctx, "obj", None) if ctx else None
    if getattr(obj, "quiet", False) or os.environ.get("FRONTLINE_NO_PROGRESS") == "1":
        return False
    return sys.stderr.isatty()


def bar(items: Iterable[T], *, desc: str, unit: str, total: int | None = None) -> Iterator[T]:
    """Iterate ``items`` with a tqdm bar on stderr when :func:`enabled`."""
    if not enabled():
        yield from items
        return
    from tqdm import tqdm

    with tqdm(items, desc=desc, unit=f" {unit}", total=total, delay=_delay(), leave=False,
              file=sys.stderr, dynamic_ncols=True) as t:
        yield from t


class Steps:
    """A bar over the named stages of one command (``with Steps(3, "export") as s: s.step("write")``)."""

    def __init__(self, total: int, desc: str):
        self._bar = None
        if enabled():
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=desc, unit=" steps", delay=_delay(), leave=False,
                             file=sys.stderr, dynamic_ncols=True)

    def step(self, what: str) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(what, refresh=False)
            self._bar.update(1)

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.close()
