"""The embedded ledger: one GeoPackage file written with plain SQLite (WAL, busy retries) and
the standard GeoPackage tables, so QGIS opens its ``claims`` point layer directly."""
from __future__ import annotations

import sqlite3
import struct
import time
from pathlib import Path

from geo.errors import LedgerError
from geo.ledger.base import Ledger


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
    "title TEXT, url TEXT, published TEXT, outlet TEXT, ingested_at TEXT, name TEXT)",
    "CREATE TABLE IF NOT EXISTS claims (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, "
    "claim_id TEXT NOT NULL, article TEXT NOT NULL REFERENCES articles(id), "
    "claim_key TEXT, place_id TEXT, place TEXT, place_fold TEXT, mention_fold TEXT, event TEXT, "
    "actor TEXT, claimant TEXT, claimant_side TEXT, status TEXT, event_date TEXT, published TEXT, "
    "outlet TEXT, lon REAL, lat REAL, props TEXT, UNIQUE (article, claim_id))",
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

    _article_errors = (sqlite3.IntegrityError, sqlite3.DataError, sqlite3.InterfaceError)
    _ledger_errors = (sqlite3.Error, OSError)

    def __init__(self, path: str | Path, *, timeout: float = 60.0, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise LedgerError(f"{path}: no such ledger (create it with frontline ingest)")
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
            if "name" not in {r[1] for r in self.con.execute("PRAGMA table_info(articles)")}:
                cur("ALTER TABLE articles ADD COLUMN name TEXT")  # a ledger from before identity
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
                    try:
                        ledger.con.execute("COMMIT")
                        return False
                    except sqlite3.Error:
                        if ledger.con.in_transaction:
                            ledger.con.execute("ROLLBACK")
                        raise
                if ledger.con.in_transaction:
                    ledger.con.execute("ROLLBACK")
                return False
        return _Tx()

    def _execute(self, sql: str, args: tuple = ()) -> list[tuple]:
        return self.con.execute(sql, args).fetchall()

    def _describe(self, err: BaseException) -> str:
        text = str(err)
        if "full" in text or getattr(err, "errno", None) in (27, 28):  # EFBIG, ENOSPC
            return (f"{self.path}: the disk is full ({text}); the articles stored before this "
                    f"one are whole, free space and run the ingest again")
        return f"{self.path}: {text}"

    def _geom(self, lon: float, lat: float) -> tuple:
        return (gpkg_point(lon, lat),)

    def integrity(self) -> str:
        return self.con.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        self.con.close()
