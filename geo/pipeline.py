"""The pipeline driver: ingest -> recognize -> resolve -> claims, article by article.

Used by the CLI, the ledger and the Dask engine, so every caller gets the same output.  With
the parser on, :func:`extract_paths` reads :data:`BATCH` articles together so that their
sentences are parsed in one spaCy call (:class:`geo.claims.parse.Batch`); each article's
output is the one it has alone, and the order is the input's.

    >>> from geo.model import Article
    >>> ex = extract_article(Article(id="a.txt", text="Nothing here."), gz=None)  # doctest: +SKIP
"""
from __future__ import annotations

import logging
from typing import Callable, Iterator, Sequence

from geo.claims.tag import tag
from geo.ingest import MAX_BYTES, Failure, iter_articles
from geo.model import Article, Extraction
from geo.places.recognize import recognize, unknown_names
from geo.places.resolve import resolve
from geo.text import Document

log = logging.getLogger(__name__)

__all__ = ["Failure", "extract_article", "extract_paths", "load_gazetteer"]


def load_gazetteer(extra: Sequence[str] = ()):
    """The offline gazetteer (compiled once into a cache, then loaded in well under a second)."""
    import gazetteer

    check_gazetteer_files(extra)
    return gazetteer.load(extra=tuple(extra))


def check_gazetteer_files(paths: Sequence[str]) -> None:
    """Check user gazetteer files (CSV or GeoJSON) before the gazetteer reads them: each bad row
    is one :class:`GazetteerError` naming the file, the row and the field."""
    import csv
    import io
    import math
    from pathlib import Path

    from geo.errors import GazetteerError
    from geo.model import Precision
    from geo.safejson import loads_json

    precisions = [p.value for p in Precision]

    def check(row: dict, where: str) -> None:
        for k in ("lat", "lon"):
            try:
                v = float(row.get(k))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise GazetteerError(f"{where}: {k} must be a number, got {row.get(k)!r}") from None
            if not math.isfinite(v):
                raise GazetteerError(f"{where}: {k} must be a finite number, got {row.get(k)!r}")
        pop = row.get("population")
        if pop not in (None, ""):
            try:
                ok = math.isfinite(float(pop)) and float(pop) >= 0 and not isinstance(pop, bool)
            except (TypeError, ValueError):
                ok = False
            if not ok:
                raise GazetteerError(f"{where}: population must be a whole number, got {pop!r}")
        prec = row.get("precision")
        if prec not in (None, "") and prec not in precisions:
            raise GazetteerError(f"{where}: precision must be one of {precisions}, got {prec!r}")

    for p in paths:
        path = Path(p)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise GazetteerError(f"{p}: cannot read the gazetteer file ({err})") from err
        if path.suffix.lower() in (".geojson", ".json"):
            data = loads_json(text, str(p), GazetteerError)
            feats = data.get("features") if isinstance(data, dict) else None
            if not isinstance(feats, list):
                raise GazetteerError(f"{p}: expected a GeoJSON FeatureCollection of points")
            for i, f in enumerate(feats, 1):
                geom = f.get("geometry") if isinstance(f, dict) else None
                coords = geom.get("coordinates") if isinstance(geom, dict) else None
                props = f.get("properties") if isinstance(f, dict) else None
                if not (isinstance(coords, list) and len(coords) >= 2) or not isinstance(
                        props or {}, dict):
                    raise GazetteerError(f"{p} feature {i}: needs a Point geometry and properties")
                check({**(props or {}), "lon": coords[0], "lat": coords[1]}, f"{p} feature {i}")
        else:
            for n, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
                if (row.get("name") or "").strip():
                    check(row, f"{p} row {n}")


def _with_date(article: Article) -> Article:
    """Fill a missing publication date from the text ("date 2025-12-02", a dateline)."""
    if article.published:
        return article
    from geo.claims.dates import find_publication_date

    found = find_publication_date(article.text)
    if not found:
        return article
    from dataclasses import replace

    return replace(article, published=found)


def extract_article(article: Article, gz, *,
                    fallback: Callable | None = None) -> Extraction:
    """Run recognize -> resolve -> claims on one article, analysed once (:class:`Document`)."""
    article = _with_date(article)
    from geo.lang.detect import with_language  # ukru: the article's language

    article = with_language(article)
    doc = Document(article)
    mentions = recognize(doc, gz)
    from gazetteer.cyrillic import skeleton_mentions  # ukru: Russian spellings of Ukrainian names

    mentions = skeleton_mentions(doc, mentions, gz, doc.language)
    mentions += unknown_names(article, mentions)  # reported, or asked online when enabled
    mentions.sort(key=lambda m: m.start)
    resolutions, unresolved = resolve(doc, mentions, gz, fallback=fallback)
    claims = unique_ids(tag(doc, resolutions))
    return Extraction(article=article, claims=claims, unresolved=unresolved,
                      resolutions=resolutions)


def unique_ids(claims: list) -> list:
    """Claim ids unique within the article by construction: a claim whose id repeats an earlier
    one's gets the next ``serial`` (ids of claims that did not repeat are unchanged)."""
    from dataclasses import replace

    seen: set[str] = set()
    out = []
    for c in claims:
        serial = 0
        while c.claim_id in seen:
            serial += 1
            c = replace(c, serial=serial)
        seen.add(c.claim_id)
        out.append(c)
    return out


def extract_paths(paths: Sequence[str], *, gz=None, progress: bool = False,
                  max_bytes: int = MAX_BYTES, fallback: Callable | None = None,
                  stdin=None, names: dict[str, str] | None = None
                  ) -> Iterator[Extraction | Failure]:
    """Yield an :class:`Extraction` per good article and a :class:`Failure` per bad input.

    ``names`` are the display ids of the files (:func:`geo.ingest.display_names`; computed
    from ``paths`` when not given -- the Dask engine passes the whole run's)."""
    if gz is None:
        gz = load_gazetteer()
    items: Iterator = iter_articles(paths, max_bytes=max_bytes, stdin=stdin, names=names)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" articles", desc="extract", leave=False)
    try:
        for item in _extracted(items, gz, fallback):
            yield item
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()


#: articles read together so that their sentences are parsed in one spaCy call
#: (:class:`geo.claims.parse.Batch`; ``FRONTLINE_PARSE_BATCH`` in the environment sets it,
#: 1 turns it off); the outputs do not depend on it
BATCH = 32


def _extracted(items: Iterator, gz, fallback: Callable | None) -> Iterator[Extraction | Failure]:
    """Extractions and failures in input order.  With the parser on, the articles are read
    :data:`BATCH` at a time and their sentences parsed together; without it, one by one."""
    import os

    from geo.claims import parse

    size = BATCH
    if os.environ.get("FRONTLINE_PARSE_BATCH", "").strip().isdigit():
        size = int(os.environ["FRONTLINE_PARSE_BATCH"])
    if not parse.enabled() or size <= 1:
        for item in items:
            yield item if isinstance(item, Failure) else _one(item, gz, fallback)
        return
    chunk: list = []
    items = iter(items)
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except BaseException:  # reading failed: what was read before it is still extracted
            yield from _batch(chunk, gz, fallback)
            raise
        chunk.append(item)
        if len(chunk) >= size:
            yield from _batch(chunk, gz, fallback)
            chunk = []
    yield from _batch(chunk, gz, fallback)


def _one(article: Article, gz, fallback: Callable | None) -> Extraction | Failure:
    try:
        return extract_article(article, gz, fallback=fallback)
    except RecursionError:
        return Failure(article.path or article.id, "text too deeply nested to process")


def _batch(chunk: list, gz, fallback: Callable | None) -> Iterator[Extraction | Failure]:
    from geo.claims.parse import Batch

    articles = [x for x in chunk if not isinstance(x, Failure)]
    if len(articles) <= 1:
        for item in chunk:
            yield item if isinstance(item, Failure) else _one(item, gz, fallback)
        return
    slots = dict(zip(map(id, articles),
                     Batch().run([(_one, a, gz, fallback) for a in articles])))
    for item in chunk:
        if isinstance(item, Failure):
            yield item
            continue
        slot = slots[id(item)]
        if "error" in slot:
            raise slot["error"]
        yield slot["result"]
