"""The online geocoder's persistent answer cache: one SQLite file, one transaction per write.

Keyed by (backend, domain, folded name, country codes); the value is the service's JSON records
(``[]`` for "no result").  SQLite's journal makes every write atomic, so a killed writer or a
concurrent reader leaves the file valid.  A file that is not an SQLite database is set aside
(renamed ``*.corrupt-<time>``) and a new cache started; an SQLite file that is not a Frontline cache
(say a GeoPackage given by mistake) is refused, never changed.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geo.errors import GeocoderError

log = logging.getLogger(__name__)

_APP_ID = 0x46524C47  # "FRLG": marks a Frontline geocoder cache
_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    backend TEXT NOT NULL, domain TEXT NOT NULL, name TEXT NOT NULL, countries TEXT NOT NULL,
    records TEXT NOT NULL,  -- the service's JSON records, [] for "no result"
    asked TEXT NOT NULL,    -- UTC time of the request
    PRIMARY KEY (backend, domain, name, countries)) WITHOUT ROWID
"""
MISS = object()  # what ``get`` returns for an unknown key


class AnswerCache:
    """The persistent answer cache: one SQLite file, opened on first use (no I/O before).

    Every write is one transaction, so a killed process or a concurrent reader never sees a
    half-written answer.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._conn: sqlite3.Connection | None = None

    def get(self, key: tuple[str, str, str, str]) -> Any:
        """The cached records for ``key``, or the module's ``MISS`` sentinel."""
        conn = self._connect()
        try:
            row = conn.execute("SELECT records FROM answers WHERE backend=? AND domain=? "
                               "AND name=? AND countries=?", key).fetchone()
        except sqlite3.OperationalError as err:  # locked for too long: ask the service instead
            log.warning("geocoder cache %s: read failed (%s); not using it", self.path, err)
            return MISS
        except sqlite3.DatabaseError as err:
            raise GeocoderError(f"geocoder cache {self.path} is damaged ({err}); delete it to "
                                "rebuild it") from err
        if row is None:
            return MISS
        try:
            records = json.loads(row[0])
        except ValueError:
            return MISS
        return records if isinstance(records, list) else MISS

    def put(self, key: tuple[str, str, str, str], records: list[Any]) -> None:
        """Store an answer (one transaction).  A failure to write is logged, never fatal."""
        conn = self._connect()
        asked = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        try:
            with _transaction(conn):
                conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                             (*key, json.dumps(records, ensure_ascii=False), asked))
        except sqlite3.DatabaseError as err:  # locked, disk full, read-only: not cached
            log.warning("geocoder cache %s: could not store %r (%s)", self.path, key[2], err)

    def __len__(self) -> int:
        return self._connect().execute("SELECT count(*) FROM answers").fetchone()[0]

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = self._open()
            except sqlite3.DatabaseError:
                self._set_aside("not a valid SQLite database")
                try:
                    self._conn = self._open()
                except sqlite3.DatabaseError as err:
                    raise GeocoderError(f"geocoder cache {self.path} cannot be rebuilt: "
                                        f"{err}") from err
        return self._conn

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "ab"):  # fail early, with the path, when it is not writable
                pass
            with open(self.path, "rb") as f:
                header = f.read(16)
        except OSError as err:
            raise GeocoderError(f"geocoder cache {self.path}: {err.strerror or err}") from err
        if header and header != b"SQLite format 3\x00":
            raise sqlite3.DatabaseError("file is not a database")
        conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None,
                               check_same_thread=False)
        try:
            if not self._ready(conn):
                with _transaction(conn):
                    if not self._ready(conn):
                        conn.execute(f"PRAGMA application_id = {_APP_ID}")
                        conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
                        conn.execute(_SCHEMA)
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {check}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _ready(self, conn: sqlite3.Connection) -> bool:
        if not conn.in_transaction:
            # read the header and the schema in one snapshot: another process may be creating
            # the cache between the two reads
            conn.execute("BEGIN")
            try:
                return self._ready(conn)
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app == _APP_ID:
            if version > _SCHEMA_VERSION:
                raise GeocoderError(f"geocoder cache {self.path} was written by a newer "
                                    f"Frontline (schema {version}); use another cache path")
            return version == _SCHEMA_VERSION
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise GeocoderError(f"{self.path} is an SQLite database but not a Frontline geocoder "
                                "cache; refusing to change it (choose another cache path)")
        return False

    def _set_aside(self, why: str) -> None:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        log.warning("geocoder cache %s is %s; moved it to %s and starting a new one",
                    self.path, why, aside)
        try:
            os.replace(self.path, aside)
            for suffix in ("-journal", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
        except OSError as err:
            raise GeocoderError(f"geocoder cache {self.path} is {why} and cannot be moved "
                                f"aside: {err.strerror or err}") from err


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
