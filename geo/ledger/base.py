"""The claims ledger: reporting accumulated over time, in a GeoPackage (default) or PostGIS.

    ledger = open_ledger("claims.gpkg")          # or "postgresql://user@host/db"
    ledger.ingest(extractions)                   # {"added", "updated", "unchanged", "claims"}
    ledger.timeline("Pokrovsk")                  # the claims about a place in date order
    ledger.feature_collection(since="2025-11-01")

Each article is stored with a content hash: ingesting it again changes nothing, and an updated
version replaces that article's own records only.  Every article is written in one
transaction, so a killed ingest leaves each article either fully present or absent.  Claims
with the same ``claim_key`` (place, event, actor, claimant side, ISO week) are linked across
articles: the ledger counts the articles and outlets that carry each, and the timeline shows
how a claim's status changed.

The GeoPackage is written with plain SQLite (WAL mode, busy retries) and the standard GeoPackage
tables, so QGIS opens its ``claims`` point layer directly.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any, Iterable

from geo.errors import LedgerError
from geo.ingest import Failure
from geo.records import MAX_SOURCE_ARTICLES, properties
from geo.model import Extraction
from geo.text import fold
from geo.ledger.review import annotate, keep_text  # analyst reviews (issue 22)

COLUMNS = ("claim_id", "article", "claim_key", "place_id", "place", "place_fold", "mention_fold",
           "event", "actor", "claimant", "claimant_side", "status", "event_date", "published",
           "outlet", "lon", "lat", "props")


def _day(p: dict) -> str:
    return p.get("event_date") or p.get("published") or ""


class Ledger:
    """What both backends share: ingest logic, timeline and collection building."""

    param = "?"

    # backend hooks -------------------------------------------------------------
    def _execute(self, sql: str, args: tuple = ()) -> list[tuple]:
        raise NotImplementedError

    def _transaction(self):
        raise NotImplementedError

    def _geom(self, lon: float, lat: float) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # ---------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("?", self.param)

    # errors of one article's data (stored nothing, the batch goes on) and of the ledger
    # itself (a full disk, a lost server: the run stops) -- set by each backend
    _article_errors: tuple[type[BaseException], ...] = ()
    _ledger_errors: tuple[type[BaseException], ...] = ()

    def _describe(self, err: BaseException) -> str:
        return str(err)

    def ingest(self, extractions: Iterable[Extraction]) -> dict[str, Any]:
        """Store articles and their claims; returns counts of added/updated/unchanged and the
        articles that could not be stored (``failed``, a list of :class:`Failure`).

        Articles are keyed on their identity (:attr:`Article.identity`, docs/schema.md): an
        article whose content hash changed replaces its own records and nothing else.  Each
        article is one transaction.  A failure of one article's data is reported in ``failed``
        and the batch goes on; a failure of the ledger itself (disk full, server gone) raises
        :class:`LedgerError` -- every article stored before it stays whole.
        """
        report: dict[str, Any] = {"added": 0, "updated": 0, "unchanged": 0, "claims": 0,
                                  "failed": []}
        for ex in extractions:
            a = ex.article
            try:
                with self._transaction() as cur:
                    outcome = self._store(cur, ex)
            except self._article_errors as err:
                report["failed"].append(Failure(a.path or a.id, f"{a.id}: not stored in the "
                                                f"ledger ({self._describe(err)})"))
                continue
            except self._ledger_errors as err:
                raise LedgerError(self._describe(err)) from err
            report[outcome] += 1
            if outcome != "unchanged":
                report["claims"] += len(ex.claims)
        return report

    def _store(self, cur, ex: Extraction) -> str:
        a = ex.article
        key, digest = a.identity, a.content_hash
        row = cur(self._sql("SELECT content_hash FROM articles WHERE id = ?"), (key,))
        if not row and key != a.id:
            row = self._adopt_legacy(cur, a)
        keep_text(self, cur, a)  # review app: quotes shown in their article
        if row and row[0][0] == digest:
            return "unchanged"
        if row:
            cur(self._sql("DELETE FROM claims WHERE article = ?"), (key,))
            cur(self._sql("DELETE FROM mentions WHERE article = ?"), (key,))
            cur(self._sql("UPDATE articles SET content_hash = ?, name = ?, title = ?, url = ?, "
                          "published = ?, outlet = ?, ingested_at = ? WHERE id = ?"),
                (digest, a.id, a.title, a.url, a.published, a.outlet, _now(), key))
            outcome = "updated"
        else:
            cur(self._sql("INSERT INTO articles (id, name, content_hash, title, url, published, "
                          "outlet, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                (key, a.id, digest, a.title, a.url, a.published, a.outlet, _now()))
            outcome = "added"
        for r in ex.resolutions:
            cur(self._sql("INSERT INTO mentions (article, mention, start_offset, "
                          "end_offset, place_id, role, reason) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                (key, r.mention.text, r.mention.start, r.mention.end,
                 r.place.id if r.place else None, r.role, r.reason))
        for c in ex.claims:
            p = properties(c)
            cur(self._sql(
                "INSERT INTO claims (" + ", ".join(COLUMNS) + ", geom) VALUES ("
                + ", ".join("?" for _ in COLUMNS) + ", " + self._geom_sql() + ")"),
                (p["claim_id"], key, p["claim_key"], p["place_id"], p["place"],
                 fold(p["place"]).strip(), fold(p["mention"]).strip(), p["event"],
                 p["actor"], p["claimant"], p["claimant_side"], p["status"],
                 p["event_date"], p["published"], p["outlet"], c.place.lon, c.place.lat,
                 json.dumps(p, ensure_ascii=False), *self._geom(c.place.lon, c.place.lat)))
        return outcome

    def _adopt_legacy(self, cur, a) -> list[tuple]:
        """A ledger written before article identity keyed articles on the bare file name
        (``name`` NULL): the first article of that name takes the row over, so re-ingesting
        old inputs updates them instead of storing them twice."""
        row = cur(self._sql("SELECT content_hash FROM articles WHERE id = ? AND name IS NULL"),
                  (a.id,))
        if not row:
            return []
        cur(self._sql("INSERT INTO articles (id, name, content_hash, title, url, published, "
                      "outlet, ingested_at) SELECT ?, ?, content_hash, title, url, published, "
                      "outlet, ingested_at FROM articles WHERE id = ?"), (a.identity, a.id, a.id))
        for table in ("claims", "mentions"):
            cur(self._sql(f"UPDATE {table} SET article = ? WHERE article = ?"), (a.identity, a.id))
        cur(self._sql("DELETE FROM articles WHERE id = ?"), (a.id,))
        return row

    def _geom_sql(self) -> str:
        return "?"

    def counts(self) -> dict[str, int]:
        return {t: self._execute(f"SELECT COUNT(*) FROM {t}")[0][0]
                for t in ("articles", "claims", "mentions")}

    def _claims(self, where: str = "", args: tuple = ()) -> list[dict]:
        rows = self._execute(self._sql("SELECT props, lon, lat FROM claims " + where), args)
        out = []
        for props, lon, lat in rows:
            p = json.loads(props)
            p["_lon"], p["_lat"] = lon, lat
            out.append(p)
        return out

    def _corroborate(self, claims: list[dict]) -> None:
        """Fill sources/source_articles across the whole ledger and the status history."""
        keys = {p["claim_key"] for p in claims}
        if not keys:
            return
        rows = self._execute("SELECT c.claim_key, c.article, COALESCE(a.name, c.article), c.outlet, "
                             "c.status, c.event_date, c.published FROM claims c JOIN articles a "
                             "ON a.id = c.article WHERE c.event <> 'mention'")
        arts: dict[str, dict[str, str]] = defaultdict(dict)  # claim_key -> identity -> name
        outlets: dict[str, set[str]] = defaultdict(set)
        history: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for key, ident, art, outlet, status, ev, pub in rows:
            if key not in keys:
                continue
            arts[key][ident] = art
            outlets[key].add(outlet or ident)
            history[key].append((ev or pub or "", status, art))
        for p in claims:
            k = p["claim_key"]
            if k in arts:
                p["sources"] = len(arts[k])
                p["source_articles"] = sorted(set(arts[k].values()))[:MAX_SOURCE_ARTICLES]
                p["outlets"] = len(outlets[k])
                p["status_history"] = [f"{d or 'undated'}: {s} ({a})"
                                       for d, s, a in sorted(history[k])]

    def timeline(self, place: str) -> list[dict]:
        """Claims about a place (name, mention or place id), in date order."""
        key = fold(place).strip()
        claims = self._claims("WHERE (place_fold = ? OR mention_fold = ? OR place_id = ?) "
                              "AND event <> 'mention'", (key, key, place))
        self._corroborate(claims)
        claims.sort(key=lambda p: (_day(p), p["article"], p.get("quote_start", 0)))
        return annotate(self, claims)  # review_status, reviewed_by/at, corrected values

    def feature_collection(self, since: str | None = None, until: str | None = None) -> dict:
        """The ledger's claims as a Frontline claims FeatureCollection."""
        claims = self._claims()
        claims = [p for p in claims if (not since or _day(p) >= since)
                  and (not until or not _day(p) or _day(p)[:len(until)] <= until)]
        self._corroborate(claims)
        feats = []
        for p in sorted(claims, key=lambda p: (p["article"], p.get("quote_start", 0),
                                               p.get("mention_start", 0), p["claim_id"])):
            lon, lat = p.pop("_lon"), p.pop("_lat")
            p.pop("outlets", None)
            p.pop("status_history", None)
            feats.append({"type": "Feature", "id": p["claim_id"],
                          "geometry": {"type": "Point", "coordinates": [lon, lat]},
                          "properties": p})
        annotate(self, feats)  # review_status, reviewed_by/at, corrected values (machine_*)
        return {"type": "FeatureCollection", "features": feats, "unresolved": []}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
