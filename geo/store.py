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
import sqlite3
import struct
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from geo.exc import LedgerError
from geo.export import properties, MAX_SOURCE_ARTICLES
from geo.model import Extraction
from geo.review_store import annotate, keep_text  # analyst reviews (issue 22)
from geo.text import fold

COLUMNS = ("claim_id", "article", "claim_key", "place_id", "place", "place_fold", "mention_fold",
           "event", "actor", "claimant", "claimant_side", "status", "event_date", "published",
           "outlet", "lon", "lat", "props")


def open_ledger(db: str) -> "Ledger":
    """A ledger at ``db``: a file path (GeoPackage/SQLite) or a ``postgresql://`` URL."""
    if db.startswith(("postgresql://", "postgres://")):
        return PostgisLedger(db)
    return GpkgLedger(db)


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


# ---------------------------------------------------------------------- GeoPackage

_GPKG_DDL = [
    "PRAGMA application_id = 1196444487",  # 'GPKG'
    "PRAGMA user_version = 10300",
    "CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER "
    "PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, "
    "definition TEXT NOT NULL, description TEXT)",
    "CREATE TABLE IF NOT EXISTS gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type "
    "TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME "
    "NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, "
    "max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) "
    "REFERENCES gpkg_spatial_ref_sys(srs_id))",
    "CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (table_name TEXT NOT NULL, column_name "
    "TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT "
    "NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name))",
]
_WGS84 = ('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
          'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
          'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
          'AUTHORITY["EPSG","4326"]]')
_TABLES = [
    "CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, "
    "title TEXT, url TEXT, published TEXT, outlet TEXT, ingested_at TEXT)",
    "CREATE TABLE IF NOT EXISTS claims (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, "
    "claim_id TEXT UNIQUE NOT NULL, article TEXT NOT NULL REFERENCES articles(id), "
    "claim_key TEXT, place_id TEXT, place TEXT, place_fold TEXT, mention_fold TEXT, event TEXT, "
    "actor TEXT, claimant TEXT, claimant_side TEXT, status TEXT, event_date TEXT, published TEXT, "
    "outlet TEXT, lon REAL, lat REAL, props TEXT)",
    "CREATE INDEX IF NOT EXISTS claims_article ON claims(article)",
    "CREATE INDEX IF NOT EXISTS claims_key ON claims(claim_key)",
    "CREATE INDEX IF NOT EXISTS claims_place ON claims(place_fold)",
    "CREATE TABLE IF NOT EXISTS mentions (id INTEGER PRIMARY KEY AUTOINCREMENT, article TEXT NOT "
    "NULL, mention TEXT, start_offset INTEGER, end_offset INTEGER, place_id TEXT, role TEXT, "
    "reason TEXT)",
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article)",
]


def gpkg_point(lon: float, lat: float, srs_id: int = 4326) -> bytes:
    """A GeoPackage binary point: 'GP' header (no envelope, little-endian) + WKB."""
    return b"GP" + bytes([0, 0b00000001]) + struct.pack("<i", srs_id) + struct.pack(
        "<BIdd", 1, 1, lon, lat)


class GpkgLedger(Ledger):
    """The embedded ledger: one GeoPackage file."""

    def __init__(self, path: str | Path, *, timeout: float = 60.0):
        self.path = Path(path)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.con = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
                self.con.execute("PRAGMA busy_timeout = %d" % int(timeout * 1000))
                mode = self.con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode.lower() != "wal":
                    raise LedgerError(f"{path}: cannot switch the ledger to WAL mode")
                self.con.execute("PRAGMA synchronous = NORMAL")
                self._create()
                return
            except sqlite3.OperationalError as err:
                # another process is creating the ledger or switching it to WAL: wait for it
                if ("locked" in str(err) or "busy" in str(err)) and time.monotonic() < deadline:
                    self.con.close()
                    time.sleep(0.1)
                    continue
                raise LedgerError(f"{path}: not a usable ledger ({err})") from err
            except sqlite3.DatabaseError as err:
                raise LedgerError(f"{path}: not a usable ledger ({err})") from err

    def _create(self) -> None:
        with self._transaction() as cur:
            existing = {r[0] for r in self.con.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")}
            if existing and "gpkg_contents" not in existing:
                raise LedgerError(f"{self.path}: is an SQLite file but not a Frontline ledger")
            for sql in _GPKG_DDL + _TABLES:
                cur(sql)
            cur("INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, "
                "'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees')",
                (_WGS84,))
            cur("INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, "
                "'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system')")
            cur("INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, "
                "'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')")
            cur("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, "
                "description, min_x, min_y, max_x, max_y, srs_id) VALUES ('claims', 'features', "
                "'claims', 'Frontline claims ledger', -180, -90, 180, 90, 4326)")
            cur("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, "
                "description) VALUES ('articles', 'attributes', 'articles', 'ingested articles')")
            cur("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, "
                "description) VALUES ('mentions', 'attributes', 'mentions', 'place mentions')")
            cur("INSERT OR IGNORE INTO gpkg_geometry_columns VALUES ('claims', 'geom', 'POINT', "
                "4326, 0, 0)")

    def _transaction(self):
        ledger = self

        class _Tx:
            def __enter__(self_):
                for attempt in range(200):
                    try:
                        ledger.con.execute("BEGIN IMMEDIATE")
                        break
                    except sqlite3.OperationalError as err:
                        if "locked" not in str(err) and "busy" not in str(err):
                            raise LedgerError(f"{ledger.path}: {err}") from err
                        time.sleep(0.05)
                else:
                    raise LedgerError(f"{ledger.path}: the ledger stayed locked")

                def cur(sql, args=()):
                    return ledger.con.execute(sql, args).fetchall()
                return cur

            def __exit__(self_, et, ev, tb):
                if et is None:
                    ledger.con.execute("COMMIT")
                else:
                    ledger.con.execute("ROLLBACK")
                return False
        return _Tx()

    def _execute(self, sql: str, args: tuple = ()) -> list[tuple]:
        return self.con.execute(sql, args).fetchall()

    def _geom(self, lon: float, lat: float) -> tuple:
        return (gpkg_point(lon, lat),)

    def integrity(self) -> str:
        return self.con.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        self.con.close()


# ---------------------------------------------------------------------- PostGIS

_PG_TABLES = [
    "CREATE EXTENSION IF NOT EXISTS postgis",
    "CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, "
    "title TEXT, url TEXT, published TEXT, outlet TEXT, ingested_at TEXT)",
    "CREATE TABLE IF NOT EXISTS claims (fid BIGSERIAL PRIMARY KEY, geom geometry(Point, 4326), "
    "claim_id TEXT UNIQUE NOT NULL, article TEXT NOT NULL REFERENCES articles(id), "
    "claim_key TEXT, place_id TEXT, place TEXT, place_fold TEXT, mention_fold TEXT, event TEXT, "
    "actor TEXT, claimant TEXT, claimant_side TEXT, status TEXT, event_date TEXT, published TEXT, "
    "outlet TEXT, lon DOUBLE PRECISION, lat DOUBLE PRECISION, props TEXT)",
    "CREATE INDEX IF NOT EXISTS claims_article ON claims(article)",
    "CREATE INDEX IF NOT EXISTS claims_key ON claims(claim_key)",
    "CREATE INDEX IF NOT EXISTS claims_place ON claims(place_fold)",
    "CREATE INDEX IF NOT EXISTS claims_geom ON claims USING GIST (geom)",
    "CREATE TABLE IF NOT EXISTS mentions (id BIGSERIAL PRIMARY KEY, article TEXT NOT NULL, "
    "mention TEXT, start_offset INTEGER, end_offset INTEGER, place_id TEXT, role TEXT, "
    "reason TEXT)",
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article)",
]


class PostgisLedger(Ledger):
    """The team ledger: a PostgreSQL database with PostGIS (transactions per article)."""

    param = "%s"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError as err:  # pragma: no cover - a dependency
            raise LedgerError("the PostGIS ledger needs psycopg (pip install psycopg)") from err
        self.url = url
        try:
            self.con = psycopg.connect(url, autocommit=True, connect_timeout=10)
            with self.con.transaction():
                self.con.execute("SELECT pg_advisory_xact_lock(7031991)")  # one creator at once
                for sql in _PG_TABLES:
                    self.con.execute(sql)
        except psycopg.Error as err:
            raise LedgerError(f"{_redact(url)}: cannot open the PostGIS ledger ({err})".strip()) \
                from err

    def _transaction(self):
        ledger = self

        class _Tx:
            def __enter__(self_):
                self_.tx = ledger.con.transaction()
                self_.tx.__enter__()
                ledger.con.execute("SELECT pg_advisory_xact_lock(7031992)")

                def cur(sql, args=()):
                    c = ledger.con.execute(sql, args)
                    return c.fetchall() if c.description else []
                return cur

            def __exit__(self_, et, ev, tb):
                return self_.tx.__exit__(et, ev, tb)
        return _Tx()

    def _execute(self, sql: str, args: tuple = ()) -> list[tuple]:
        c = self.con.execute(self._sql(sql) if "?" in sql else sql, args)
        return c.fetchall() if c.description else []

    def _geom_sql(self) -> str:
        return "ST_SetSRID(ST_MakePoint(%s, %s), 4326)"

    def _geom(self, lon: float, lat: float) -> tuple:
        return (lon, lat)

    def close(self) -> None:
        self.con.close()


def _redact(url: str) -> str:
    import re

    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
