"""JSON from untrusted files: malformed text, nesting deeper than the parser can follow and
lone surrogate escapes (``"\\ud800"``, valid JSON but not Unicode: every UTF-8 writer would fail
on it later) become one :class:`~geo.errors.FrontlineError` naming the input, never a crash."""
from __future__ import annotations

import json
import math
from typing import Any

from geo.errors import BadArticle


def loads_json(text: str | bytes, where: str, error: type[Exception] = BadArticle, *,
               line: int | None = None) -> Any:
    """``json.loads`` for untrusted input: malformed JSON, nesting too deep for the parser and
    lone surrogate escapes (``"\\ud800"``, not Unicode) are one ``error`` naming ``where``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if line is not None:
            raise error(f"{where}: malformed JSON on line {line} ({err.msg})") from err
        raise error(f"{where}: malformed JSON (line {err.lineno}, column {err.colno}: "
                    f"{err.msg})") from err
    except RecursionError as err:
        raise error(f"{where}: JSON nested too deeply to read") from err
    bad = lone_surrogate(data)
    if bad is not None:
        raise error(f"{where}: JSON holds a lone surrogate escape ({bad}), which is not "
                    f"Unicode text") from None
    return data


def lone_surrogate(data: Any) -> str | None:
    """The first lone surrogate (as ``\\udXXX``) in any string or key of ``data``, or None.

    Iterative, so any depth is fine."""
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            try:
                x.encode("utf-8")
            except UnicodeEncodeError as err:
                return f"\\u{ord(x[err.start]):04x}"
        elif isinstance(x, dict):
            stack.extend(x.keys())
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return None


def first_non_finite(data: Any) -> str | None:
    """The first NaN or infinite number anywhere in ``data`` (``json`` reads ``NaN`` and
    ``Infinity`` though they are not JSON), as text, or None.  Iterative."""
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, float) and not math.isfinite(x):
            return repr(x).replace("nan", "NaN").replace("inf", "Infinity")
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return None


def load_geojson_file(path: str, error: type[Exception]) -> Any:
    """A GeoJSON file an option names (control polygons, a user gazetteer): read and parsed
    safely, every number finite; any problem is one ``error`` naming the file."""
    from pathlib import Path

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise error(f"{path}: cannot be read ({getattr(err, 'strerror', None) or err})") from err
    data = loads_json(text, path, error)
    bad = first_non_finite(data)
    if bad is not None:
        raise error(f"{path}: holds the number {bad}; coordinates and numbers must be finite")
    return data
