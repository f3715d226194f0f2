"""The pipeline driver: ingest -> recognize -> resolve -> claims, one article at a time.

Used by the CLI, the ledger and the Dask engine, so every caller gets the same output.

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

    return gazetteer.load(extra=tuple(extra))


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
    claims = tag(doc, resolutions)
    return Extraction(article=article, claims=claims, unresolved=unresolved,
                      resolutions=resolutions)


def extract_paths(paths: Sequence[str], *, gz=None, progress: bool = False,
                  max_bytes: int = MAX_BYTES, fallback: Callable | None = None,
                  stdin=None) -> Iterator[Extraction | Failure]:
    """Yield an :class:`Extraction` per good article and a :class:`Failure` per bad input."""
    if gz is None:
        gz = load_gazetteer()
    items: Iterator = iter_articles(paths, max_bytes=max_bytes, stdin=stdin)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" articles", desc="extract", leave=False)
    try:
        for item in items:
            if isinstance(item, Failure):
                yield item
            else:
                try:
                    yield extract_article(item, gz, fallback=fallback)
                except RecursionError:
                    yield Failure(item.path or item.id, "text too deeply nested to process")
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
