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

    def ingest(self, extractions: Iterable[Extraction]) -> dict[str, int]:
        """Store articles and their claims; returns counts of added/updated/unchanged."""
        report = {"added": 0, "updated": 0, "unchanged": 0, "claims": 0}
        for ex in extractions:
            a = ex.article
            digest = a.content_hash
            with self._transaction() as cur:
                row = cur(self._sql("SELECT content_hash FROM articles WHERE id = ?"), (a.id,))
                keep_text(self, cur, a)  # review app: quotes shown in their article
                if row and row[0][0] == digest:
                    report["unchanged"] += 1
                    continue
                if row:
                    cur(self._sql("DELETE FROM claims WHERE article = ?"), (a.id,))
                    cur(self._sql("DELETE FROM mentions WHERE article = ?"), (a.id,))
                    cur(self._sql("UPDATE articles SET content_hash = ?, title = ?, url = ?, "
                                  "published = ?, outlet = ?, ingested_at = ? WHERE id = ?"),
                        (digest, a.title, a.url, a.published, a.outlet, _now(), a.id))
                    report["updated"] += 1
                else:
                    cur(self._sql("INSERT INTO articles (id, content_hash, title, url, published, "
                                  "outlet, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        (a.id, digest, a.title, a.url, a.published, a.outlet, _now()))
                    report["added"] += 1
                for r in ex.resolutions:
                    cur(self._sql("INSERT INTO mentions (article, mention, start_offset, "
                                  "end_offset, place_id, role, reason) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                        (a.id, r.mention.text, r.mention.start, r.mention.end,
                         r.place.id if r.place else None, r.role, r.reason))
                for c in ex.claims:
                    p = properties(c)
                    cur(self._sql(
                        "INSERT INTO claims (" + ", ".join(COLUMNS) + ", geom) VALUES ("
                        + ", ".join("?" for _ in COLUMNS) + ", " + self._geom_sql() + ")"),
                        (p["claim_id"], a.id, p["claim_key"], p["place_id"], p["place"],
                         fold(p["place"]).strip(), fold(p["mention"]).strip(), p["event"],
                         p["actor"], p["claimant"], p["claimant_side"], p["status"],
                         p["event_date"], p["published"], p["outlet"], c.place.lon, c.place.lat,
                         json.dumps(p, ensure_ascii=False), *self._geom(c.place.lon, c.place.lat)))
                    report["claims"] += 1
        return report

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
        rows = self._execute("SELECT claim_key, article, outlet, status, event_date, published "
                             "FROM claims WHERE event <> 'mention'")
        arts: dict[str, set[str]] = defaultdict(set)
        outlets: dict[str, set[str]] = defaultdict(set)
        history: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for key, art, outlet, status, ev, pub in rows:
            if key not in keys:
                continue
            arts[key].add(art)
            outlets[key].add(outlet or art)
            history[key].append((ev or pub or "", status, art))
        for p in claims:
            k = p["claim_key"]
            if k in arts:
                p["sources"] = len(arts[k])
                p["source_articles"] = sorted(arts[k])[:MAX_SOURCE_ARTICLES]
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
