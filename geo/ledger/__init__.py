"""The claims ledger: reporting accumulated over time, in a GeoPackage (default) or PostGIS.

    ledger = open_ledger("claims.gpkg")          # or "postgresql://user@host/db"
    ledger.ingest(extractions)                   # {"added", "updated", "unchanged", "claims"}
    ledger.timeline("Pokrovsk")                  # the claims about a place in date order
    ledger.feature_collection(since="2025-11-01")

:mod:`geo.ledger.base` holds what both backends share; :mod:`geo.ledger.gpkg` and
:mod:`geo.ledger.postgis` are the backends.
"""
from __future__ import annotations

from geo.ledger.base import Ledger
from geo.ledger.gpkg import GpkgLedger, gpkg_point
from geo.ledger.postgis import PostgisLedger

__all__ = ["open_ledger", "Ledger", "GpkgLedger", "PostgisLedger", "gpkg_point"]


def open_ledger(db: str, *, create: bool = True) -> Ledger:
    """A ledger at ``db``: a file path (GeoPackage/SQLite) or a ``postgresql://`` URL.

    ``create=False`` (every reading command) makes a missing ledger a :class:`LedgerError`
    instead of creating an empty one."""
    if db.startswith(("postgresql://", "postgres://")):
        return PostgisLedger(db, create=create)
    return GpkgLedger(db, create=create)
