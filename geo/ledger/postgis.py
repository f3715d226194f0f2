"""The team ledger: PostgreSQL with PostGIS, one transaction per article."""
from __future__ import annotations

from geo.errors import LedgerError
from geo.ledger.base import Ledger


_PG_TABLES = [
    "CREATE EXTENSION IF NOT EXISTS postgis",
    "CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, "
    "title TEXT, url TEXT, published TEXT, outlet TEXT, ingested_at TEXT, name TEXT)",
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS name TEXT",  # a ledger from before identity
    "CREATE TABLE IF NOT EXISTS claims (fid BIGSERIAL PRIMARY KEY, geom geometry(Point, 4326), "
    "claim_id TEXT NOT NULL, article TEXT NOT NULL REFERENCES articles(id), "
    "claim_key TEXT, place_id TEXT, place TEXT, place_fold TEXT, mention_fold TEXT, event TEXT, "
    "actor TEXT, claimant TEXT, claimant_side TEXT, status TEXT, event_date TEXT, published TEXT, "
    "outlet TEXT, lon DOUBLE PRECISION, lat DOUBLE PRECISION, props TEXT, "
    "UNIQUE (article, claim_id))",
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

    def __init__(self, url: str, *, create: bool = True):
        try:
            import psycopg
        except ImportError as err:  # pragma: no cover - a dependency
            raise LedgerError("the PostGIS ledger needs psycopg (pip install psycopg)") from err
        self.url = url
        self._article_errors = (psycopg.IntegrityError, psycopg.DataError)
        self._ledger_errors = (psycopg.Error,)
        try:
            self.con = psycopg.connect(url, autocommit=True, connect_timeout=10)
            if not create:
                found = self.con.execute("SELECT to_regclass('claims') IS NOT NULL AND "
                                         "to_regclass('articles') IS NOT NULL").fetchone()[0]
                if not found:
                    self.con.close()
                    raise LedgerError(f"{_redact(url)}: no such ledger (this database holds no "
                                      f"Frontline claims; create it with frontline ingest)")
                return
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

    def _describe(self, err: BaseException) -> str:
        import psycopg

        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        if isinstance(err, psycopg.OperationalError) or self.con.closed:
            return (f"{_redact(self.url)}: lost the connection to PostgreSQL ({first}); the "
                    f"articles stored before it are whole, run the ingest again once it is back")
        return f"{_redact(self.url)}: PostgreSQL error ({first})"

    def _geom_sql(self) -> str:
        return "ST_SetSRID(ST_MakePoint(%s, %s), 4326)"

    def _geom(self, lon: float, lat: float) -> tuple:
        return (lon, lat)

    def close(self) -> None:
        self.con.close()


def _redact(url: str) -> str:
    import re

    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)
