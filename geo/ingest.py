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

import codecs
import datetime as dt
import errno
import os
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from geo.errors import BadArticle, TooLarge
from geo.safejson import lone_surrogate, loads_json
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
                  stdin=None, names: dict[str, str] | None = None) -> Iterator[Article | Failure]:
    """Yield every article under ``paths`` in a stable order, and a :class:`Failure` per bad input.

    ``names`` maps files to display ids (:func:`display_names`); by default it is computed
    from the files ``paths`` expand to, so two ``report.txt`` in two folders get two ids.

    >>> [type(a).__name__ for a in iter_articles(["/nonexistent.txt"])]
    ['Failure']
    """
    items = list(expand_paths(paths))
    if names is None:
        names = display_names([i for i in items if isinstance(i, str)])
    for item in items:
        if isinstance(item, Failure):
            yield item
        elif item == "-":
            try:
                yield from _read_stdin(stdin if stdin is not None else sys.stdin, max_bytes)
            except BadArticle as err:
                yield Failure("-", str(err).removeprefix("-: "))
        else:
            yield from _read_file_safe(Path(item), max_bytes, names.get(item))


def display_names(files: Sequence[str]) -> dict[str, str]:
    """Display ids: the file name; a name already used by an earlier file becomes the path as
    given (then ``~2``, ``~3`` if even that repeats), so the ids of one run are unique."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for f in files:
        if f in names:
            continue
        name = Path(f).name
        if name in used:
            name = f
        n, base = 2, name
        while name in used:
            name, n = f"{base}~{n}", n + 1
        used.add(name)
        names[f] = name
    return names


def expand_paths(paths: Sequence[str]) -> Iterator[str | Failure]:
    """The files ``paths`` name, directories walked recursively in a stable (sorted) order.

    An unreadable folder, a symbolic link loop or a path through an unsearchable folder is a
    :class:`Failure` naming it and the reason; the walk goes on.
    """
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        reason = path_problem(raw)
        if reason:
            yield Failure(raw, reason)
            continue
        if not os.path.isdir(raw):
            yield raw
            continue
        found: list[str | Failure] = []
        _walk(raw, found)
        if not any(isinstance(f, str) for f in found) and not found:
            yield Failure(raw, "directory holds no article files (.txt .md .html .json .jsonl)")
        yield from found


def _walk(top: str, out: list[str | Failure]) -> None:
    try:
        entries = sorted(os.scandir(top), key=lambda e: e.name)
    except PermissionError:
        out.append(Failure(top, "directory not readable (permission denied); skipped"))
        return
    except OSError as err:
        out.append(Failure(top, f"directory cannot be read ({err.strerror or err})"))
        return
    files, dirs = [], []
    for e in entries:
        if e.name.startswith("."):
            continue
        try:
            is_dir = e.is_dir()
            is_file = not is_dir and e.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            dirs.append(e.path)
        elif is_file:
            if _is_article_file(Path(e.path)):
                files.append(e.path)
        elif e.is_symlink() and _is_article_file(Path(e.path)):
            out.append(Failure(e.path, path_problem(e.path) or "not a regular file"))
    # the same order as a sorted recursive listing of full paths
    merged = sorted([(f, False) for f in files] + [(d, True) for d in dirs])
    for p, is_dir in merged:
        if is_dir:
            _walk(p, out)
        else:
            out.append(p)


def path_problem(raw: str) -> str | None:
    """Why ``raw`` cannot be reached (no such file, a link loop, an unsearchable folder), or None."""
    try:
        os.stat(raw)
        return None
    except FileNotFoundError:
        if os.path.islink(raw):
            return "broken symbolic link (its target does not exist)"
        return "no such file or directory"
    except PermissionError:
        blocked = next((str(d) for d in reversed(Path(raw).absolute().parents)
                        if not _searchable(d)), None)
        where = f" on the folder {blocked}" if blocked else ""
        return f"not readable (permission denied{where})"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symbolic link loop (the link never reaches a file)"
        return f"cannot be read ({err.strerror or err})"


def _searchable(d: Path) -> bool:
    if os.access in os.supports_effective_ids:
        return os.access(d, os.X_OK, effective_ids=True)
    return os.access(d, os.X_OK)


def read_articles(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> list[Article]:
    """All articles of one file; raise :class:`BadArticle` if it cannot be used."""
    out = []
    for item in _read_file(Path(path), max_bytes, Path(path).name):
        if isinstance(item, Failure):
            raise BadArticle(str(item))
        out.append(item)
    return out


def _is_article_file(p: Path) -> bool:
    name = p.name
    if name.startswith(".") or name == METADATA_FILE or ".meta." in name:
        return False
    return p.suffix.lower() in SUFFIXES


def _read_file_safe(path: Path, max_bytes: int, name: str | None = None
                    ) -> Iterator[Article | Failure]:
    try:
        yield from _read_file(path, max_bytes, name or path.name)
    except BadArticle as err:
        yield Failure(str(path), str(err).removeprefix(f"{path}: "))


def _read_file(path: Path, max_bytes: int, name: str) -> Iterator[Article | Failure]:
    reason = path_problem(str(path))
    if reason:
        raise BadArticle(f"{path}: {reason}")
    if not path.is_file():
        raise BadArticle(f"{path}: not a regular file")
    suffix = path.suffix.lower()
    meta = _metadata_for(path)
    key = os.path.realpath(path)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, meta, name, key, max_bytes)
        return
    data = _read_bytes(path, max_bytes)
    text = _decode(data, str(path))
    if suffix in HTML_SUFFIXES:
        yield _article_from_html(text, name, str(path), meta, key)
    elif suffix in JSON_SUFFIXES:
        yield from _articles_from_json(text, name, str(path), meta, key)
    else:
        yield _article_from_text(text, name, str(path), meta, key)


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


for _enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
    codecs.lookup(_enc)  # imported now: a later lookup may run with fewer permissions
#: Byte-order marks, longest first (UTF-32-LE begins with the UTF-16-LE mark).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _decode(data: bytes, where: str) -> str:
    encoding = "utf-8"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], enc
            break
    if encoding != "utf-8":
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise BadArticle(f"{where}: starts with a {encoding.upper()} byte-order mark but is "
                             f"not valid {encoding.upper()} (offset {err.start})") from err
        if decoded.strip() and not any(c.isspace() for c in decoded[:4096]):
            # binary data that happens to begin with FF FE: real text has spaces or line breaks
            raise BadArticle(f"{where}: starts with a {encoding.upper()} byte-order mark but does "
                             f"not decode to text (no spaces or line breaks); a binary file?")
        data = decoded.encode("utf-8", "surrogatepass")
    if not data.strip():
        raise BadArticle(f"{where}: empty file")
    if b"\x00" in data[:8192]:
        raise BadArticle(f"{where}: binary file (contains NUL bytes), not an article")
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
        section = data.get("articles", {})
        if not isinstance(section, dict):
            raise BadArticle(f"{table}: metadata 'articles' must be a table of file names, got "
                             f"{type(section).__name__}")
        entry = data.get(path.name, section.get(path.name))
        if entry is not None:
            meta.update(_meta_table(entry, f"{table} [{path.name}]"))
    for side in (path.with_name(path.name + ".meta.json"), path.with_suffix(".meta.json"),
                 path.with_name(path.name + ".meta.toml"), path.with_suffix(".meta.toml")):
        if side.is_file():
            try:
                raw = side.read_text(encoding="utf-8")
                found = (loads_json(raw, str(side)) if side.suffix == ".json"
                         else tomllib.loads(raw))
            except (OSError, UnicodeDecodeError, ValueError) as err:
                raise BadArticle(f"{side}: sidecar metadata is not valid "
                                 f"({str(err).removeprefix(f'{side}: ')})") from err
            meta.update(_meta_table(found, str(side)))
            break
    return meta


def _meta_table(entry: Any, where: str) -> dict[str, Any]:
    """A metadata table: an object whose known fields are strings, numbers or dates."""
    if not isinstance(entry, dict):
        raise BadArticle(f"{where}: metadata must be a table/object of fields ({', '.join(FIELDS)}), "
                         f"got {'null' if entry is None else type(entry).__name__}")
    for k in FIELDS:
        v = entry.get(k)
        if v is not None and not isinstance(v, (str, int, float, dt.date, dt.datetime)):
            raise BadArticle(f"{where}: metadata field {k!r} must be a string, got "
                             f"{type(v).__name__}")
    return entry


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


def _make(text: str, ident: str, path: str, meta: dict[str, Any], key: str | None) -> Article:
    if not text.strip():
        raise BadArticle(f"{path}: no article text")
    m = _clean_meta(meta, path)
    return Article(id=ident, text=text, title=m["title"], url=m["url"],
                   published=m["published"], outlet=m["outlet"], path=path, key=key)


def _article_from_text(text: str, ident: str, path: str, meta: dict[str, Any],
                       key: str | None) -> Article:
    front, body = _front_matter(text)
    return _make(body, ident, path, {**meta, **front}, key)


def _article_from_html(html: str, ident: str, path: str, meta: dict[str, Any],
                       key: str | None) -> Article:
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
    return _make(text, ident, path, merged, key)


def _record(obj: Any, ident: str, path: str, meta: dict[str, Any], source: str) -> Article:
    """One JSON record.  Its identity: ``source`` plus the record's ``id``, else its URL, else
    its content hash -- never its position, so a feed that drops a record shifts nothing."""
    if not isinstance(obj, dict):
        raise BadArticle(f"{path}: expected a JSON object with a 'text' field, got "
                         f"{type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadArticle(f"{path}: record has no 'text' (a non-empty string is expected)")
    for k in ("text", *FIELDS):
        bad = lone_surrogate(obj.get(k))
        if bad is not None:
            raise BadArticle(f"{path}: field {k!r} holds a lone surrogate escape ({bad}), which "
                             f"is not Unicode text")
    fields = {**meta, **{k: obj[k] for k in FIELDS if k in obj}}
    article = _make(text.replace("\r\n", "\n"), ident, path, fields, None)
    rid = obj.get("id")
    if isinstance(rid, (str, int)) and not isinstance(rid, bool) and str(rid).strip():
        disc = f"id:{str(rid).strip()}"
    elif article.url:
        disc = f"url:{article.url}"
    else:
        disc = f"sha256:{article.content_hash[:32]}"
    from dataclasses import replace

    return replace(article, key=f"{source}#{disc}")


def _articles_from_json(text: str, name: str, path: str, meta: dict[str, Any],
                        source: str) -> Iterator[Article | Failure]:
    data = loads_json(text, path)
    if isinstance(data, list):
        if not data:
            raise BadArticle(f"{path}: empty JSON list")
        for i, obj in enumerate(data, 1):
            try:
                yield _record(obj, f"{name}#{i}", path, meta, source)
            except BadArticle as err:
                yield Failure(path, f"record {i}: {str(err).removeprefix(f'{path}: ')}")
    else:  # a file holding one record is keyed on the file itself
        from dataclasses import replace

        rec = _record(data, name, path, meta, source)
        yield rec if source == "-" else replace(rec, key=source)


def _lines(f, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line, size)`` of a binary file; a line over ``limit`` bytes is skipped
    without being held (``None``), so one huge record costs no memory."""
    lineno = 0
    while True:
        line = f.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield lineno, line, len(line)
            continue
        size = len(line)
        while True:
            chunk = f.readline(1 << 20)
            size += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                break
        yield lineno, None, size


def _read_jsonl(path: Path, meta: dict[str, Any], name: str, source: str,
                max_bytes: int) -> Iterator[Article | Failure]:
    """Stream a JSON Lines file record by record (bounded memory for any file size).

    A bad line is a :class:`Failure` naming its line number; the lines after it are read."""
    try:
        f = open(path, "rb")
    except PermissionError as err:
        raise BadArticle(f"{path}: not readable (permission denied)") from err
    except OSError as err:
        raise BadArticle(f"{path}: cannot be read ({err.strerror or err})") from err
    n = 0
    with f:
        for lineno, line, size in _lines(f, max_bytes):
            if line is not None and not line.strip():
                continue
            n += 1
            try:
                if line is None or len(line.rstrip(b"\r\n")) > max_bytes:
                    raise TooLarge(f"{path}: record is {size:,} bytes, over the {max_bytes:,}-byte "
                                   f"limit (raise it with --max-bytes)")
                obj = loads_json(_decode(line, str(path)), str(path), line=lineno)
                yield _record(obj, f"{name}#{lineno}", str(path), meta, source)
            except BadArticle as err:
                reason = str(err).removeprefix(f"{path}: ")
                yield Failure(str(path), reason if f"line {lineno}" in reason
                              else f"line {lineno}: {reason}")
    if n == 0:
        raise BadArticle(f"{path}: empty file")


def _read_stdin(stream, max_bytes: int) -> Iterator[Article | Failure]:
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
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:
            data = loads_json(text, "-")
        except BadArticle:
            if len(lines) < 2 or not all(ln.lstrip().startswith("{") for ln in lines):
                raise
            data = None
        if data is not None:
            yield from _articles_from_json(text, "stdin", "-", {}, "-")
            return
        for i, ln in enumerate(text.splitlines(), 1):
            if ln.strip():
                try:
                    yield _record(loads_json(ln, "-"), f"stdin#{i}", "-", {}, "-")
                except BadArticle as err:
                    yield Failure("-", f"line {i}: {str(err).removeprefix('-: ')}")
        return
    if head == "<":
        yield _article_from_html(text, "stdin", "-", {}, _stdin_key(text))
        return
    yield _article_from_text(text, "stdin", "-", {}, _stdin_key(text))


def _stdin_key(text: str) -> str:
    import hashlib

    return "-#sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
