"""Ingest: paths -> :class:`~geo.model.Article` objects.

Reads plain text (.txt, .md), HTML pages saved from a browser (main text via trafilatura),
JSON records or lists of records and JSON Lines (fields ``text``, ``title``, ``url``,
``published``, ``outlet``), directories of those (recursively), and ``-`` for stdin.

Metadata comes, in increasing precedence, from an ``articles.toml`` in the article's directory
(one table per file name), a sidecar ``NAME.meta.json`` / ``NAME.meta.toml``, and front matter
(``---`` ... ``---`` with ``key: value`` lines) at the top of a text file.

Every problem with an input is a :class:`~geo.errors.BadArticle` naming the file and the problem;
:func:`iter_articles` yields those as :class:`Failure` values so a batch can go on.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from geo.errors import BadArticle, TooLarge
from geo.model import Article

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
METADATA_FILE = "articles.toml"
#: Default largest input file read whole; ``--max-bytes`` raises it.  JSON Lines files stream.
MAX_BYTES = 20_000_000
FIELDS = ("title", "url", "published", "outlet")


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be used, and why (reported, never raised in a batch)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def iter_articles(paths: Sequence[str], *, max_bytes: int = MAX_BYTES,
                  stdin=None) -> Iterator[Article | Failure]:
    """Yield every article under ``paths`` in a stable order, and a :class:`Failure` per bad input.

    >>> [type(a).__name__ for a in iter_articles(["/nonexistent.txt"])]
    ['Failure']
    """
    for item in expand_paths(paths):
        if isinstance(item, Failure):
            yield item
        elif item == "-":
            try:
                yield from _read_stdin(stdin if stdin is not None else sys.stdin, max_bytes)
            except BadArticle as err:
                yield Failure("-", str(err).removeprefix("-: "))
        else:
            yield from _read_file_safe(Path(item), max_bytes)


def expand_paths(paths: Sequence[str]) -> Iterator[str | Failure]:
    """The files ``paths`` name, directories walked recursively in a stable (sorted) order."""
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _is_article_file(p))
            if not files:
                yield Failure(raw, "directory holds no article files (.txt .md .html .json .jsonl)")
            yield from (str(f) for f in files)
        else:
            yield raw


def read_articles(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> list[Article]:
    """All articles of one file; raise :class:`BadArticle` if it cannot be used."""
    return list(_read_file(Path(path), max_bytes))


def _is_article_file(p: Path) -> bool:
    name = p.name
    if name.startswith(".") or name == METADATA_FILE or ".meta." in name:
        return False
    return p.suffix.lower() in SUFFIXES


def _read_file_safe(path: Path, max_bytes: int) -> Iterator[Article | Failure]:
    try:
        yield from _read_file(path, max_bytes)
    except BadArticle as err:
        yield Failure(str(path), str(err).removeprefix(f"{path}: "))


def _read_file(path: Path, max_bytes: int) -> Iterator[Article]:
    if not path.exists():
        raise BadArticle(f"{path}: no such file or directory")
    if not path.is_file():
        raise BadArticle(f"{path}: not a regular file")
    suffix = path.suffix.lower()
    meta = _metadata_for(path)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, meta)
        return
    data = _read_bytes(path, max_bytes)
    text = _decode(data, str(path))
    if suffix in HTML_SUFFIXES:
        yield _article_from_html(text, path.name, str(path), meta)
    elif suffix in JSON_SUFFIXES:
        yield from _articles_from_json(text, path.name, str(path), meta)
    else:
        yield _article_from_text(text, path.name, str(path), meta)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TooLarge(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit "
                           f"(raise it with --max-bytes)")
        with open(path, "rb") as f:
            return f.read(max_bytes + 1)
    except PermissionError as err:
        raise BadArticle(f"{path}: not readable (permission denied)") from err
    except IsADirectoryError as err:
        raise BadArticle(f"{path}: is a directory") from err
    except OSError as err:
        raise BadArticle(f"{path}: cannot be read ({err.strerror or err})") from err


def _decode(data: bytes, where: str) -> str:
    if not data.strip():
        raise BadArticle(f"{where}: empty file")
    if b"\x00" in data[:8192]:
        raise BadArticle(f"{where}: binary file (contains NUL bytes), not an article")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadArticle(f"{where}: not UTF-8 text (byte 0x{data[err.start]:02x} at offset "
                         f"{err.start}); convert it, e.g. iconv -f cp1251 -t utf-8") from err
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise BadArticle(f"{where}: binary file (mostly control characters), not an article")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- metadata

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split ``key: value`` front matter off the top of a text; offsets then refer to the body."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    meta: dict[str, Any] = {}
    for line in m.group(1).splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            meta[k.strip().lower()] = v.strip().strip("\"'")
    return meta, text[m.end():]


def _metadata_for(path: Path) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    table = path.parent / METADATA_FILE
    if table.is_file():
        try:
            data = tomllib.loads(table.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise BadArticle(f"{table}: metadata file is not valid TOML ({err})") from err
        entry = data.get(path.name) or data.get("articles", {}).get(path.name)
        if isinstance(entry, dict):
            meta.update(entry)
    for side in (path.with_name(path.name + ".meta.json"), path.with_suffix(".meta.json"),
                 path.with_name(path.name + ".meta.toml"), path.with_suffix(".meta.toml")):
        if side.is_file():
            try:
                raw = side.read_text(encoding="utf-8")
                meta.update(json.loads(raw) if side.suffix == ".json" else tomllib.loads(raw))
            except (OSError, UnicodeDecodeError, ValueError) as err:
                raise BadArticle(f"{side}: sidecar metadata is not valid ({err})") from err
            break
    return meta


def _clean_meta(meta: dict[str, Any], where: str) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for k in FIELDS:
        v = meta.get(k)
        if v is None or (isinstance(v, str) and v.strip().lower() in ("", "unknown")):
            out[k] = None
            continue
        if isinstance(v, (dt.date, dt.datetime)):
            v = v.isoformat()
        if not isinstance(v, (str, int, float)):
            raise BadArticle(f"{where}: field {k!r} must be a string, got {type(v).__name__}")
        out[k] = str(v).strip()
    if out.get("published"):
        out["published"] = normalise_date(out["published"], where)
    if out.get("url") and not re.match(r"(?i)^https?://", out["url"]):
        out["url"] = None  # only http(s) links are kept: a javascript: or data: URL is dropped
    return out


def normalise_date(value: str, where: str = "published") -> str | None:
    """Accept ``2025-12-02``, ``2025-12-02T10:00:00Z`` and the like; return ``YYYY-MM-DD``.

    >>> normalise_date("2025-12-02T08:15:00+00:00")
    '2025-12-02'
    """
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat()
        except ValueError:
            pass
    return None


def _make(text: str, ident: str, path: str, meta: dict[str, Any]) -> Article:
    if not text.strip():
        raise BadArticle(f"{path}: no article text")
    m = _clean_meta(meta, path)
    return Article(id=ident, text=text, title=m["title"], url=m["url"],
                   published=m["published"], outlet=m["outlet"], path=path)


def _article_from_text(text: str, ident: str, path: str, meta: dict[str, Any]) -> Article:
    front, body = _front_matter(text)
    return _make(body, ident, path, {**meta, **front})


def _article_from_html(html: str, ident: str, path: str, meta: dict[str, Any]) -> Article:
    try:
        import trafilatura
    except ImportError as err:  # pragma: no cover - a dependency
        raise BadArticle(f"{path}: reading HTML needs trafilatura") from err
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          favor_precision=True)
    except Exception as err:  # trafilatura raises many kinds on broken markup
        raise BadArticle(f"{path}: HTML could not be parsed ({type(err).__name__})") from err
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < 5:
        # trafilatura falls back to menus and footers on a page with no article in it
        raise BadArticle(f"{path}: HTML page has no article text that could be extracted")
    found = {
        "title": getattr(doc, "title", None),
        "url": getattr(doc, "url", None),
        "published": getattr(doc, "date", None),
        "outlet": getattr(doc, "sitename", None),
    }
    merged = {k: v for k, v in found.items() if v}
    merged.update({k: v for k, v in meta.items() if v})
    return _make(text, ident, path, merged)


def _record(obj: Any, ident: str, path: str, meta: dict[str, Any]) -> Article:
    if not isinstance(obj, dict):
        raise BadArticle(f"{path}: expected a JSON object with a 'text' field, got "
                         f"{type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadArticle(f"{path}: record has no 'text' (a non-empty string is expected)")
    fields = {**meta, **{k: obj[k] for k in FIELDS if k in obj}}
    return _make(text.replace("\r\n", "\n"), ident, path, fields)


def _articles_from_json(text: str, name: str, path: str, meta: dict[str, Any]) -> Iterator[Article]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BadArticle(f"{path}: malformed JSON (line {err.lineno}, column {err.colno}: "
                         f"{err.msg})") from err
    if isinstance(data, list):
        if not data:
            raise BadArticle(f"{path}: empty JSON list")
        for i, obj in enumerate(data, 1):
            yield _record(obj, f"{name}#{i}", path, meta)
    else:
        yield _record(data, name, path, meta)


def _read_jsonl(path: Path, meta: dict[str, Any]) -> Iterator[Article]:
    """Stream a JSON Lines file record by record (bounded memory for any file size)."""
    try:
        f = open(path, "rb")
    except PermissionError as err:
        raise BadArticle(f"{path}: not readable (permission denied)") from err
    except OSError as err:
        raise BadArticle(f"{path}: cannot be read ({err.strerror or err})") from err
    n = 0
    with f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path} line {lineno}"
            try:
                obj = json.loads(_decode(line, where))
            except json.JSONDecodeError as err:
                raise BadArticle(f"{path}: malformed JSON on line {lineno} ({err.msg})") from err
            n += 1
            yield _record(obj, f"{path.name}#{lineno}", str(path), meta)
    if n == 0:
        raise BadArticle(f"{path}: empty file")


def _read_stdin(stream, max_bytes: int) -> Iterator[Article]:
    buf = getattr(stream, "buffer", stream)
    data = buf.read(max_bytes + 1)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > max_bytes:
        raise TooLarge(f"-: standard input is over the {max_bytes:,}-byte limit "
                       f"(raise it with --max-bytes)")
    text = _decode(data, "-")
    head = text.lstrip()[:1]
    if head in "[{" and head:
        try:
            yield from _articles_from_json(text, "stdin", "-", {})
            return
        except BadArticle:
            lines = [ln for ln in text.splitlines() if ln.strip()]
            if not all(ln.lstrip().startswith("{") for ln in lines):
                raise
            for i, ln in enumerate(text.splitlines(), 1):
                if ln.strip():
                    try:
                        obj = json.loads(ln)
                    except json.JSONDecodeError as err:
                        raise BadArticle(f"-: malformed JSON on line {i} ({err.msg})") from err
                    yield _record(obj, f"stdin#{i}", "-", {})
            return
    if head == "<":
        yield _article_from_html(text, "stdin", "-", {})
        return
    yield _article_from_text(text, "stdin", "-", {})
