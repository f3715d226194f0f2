"""Analyst reviews kept in the claims ledger, beside the machine's claims (never over them).

    store = ReviewStore(open_ledger("claims.gpkg"))
    store.record(claim_id, decision="accepted", reviewer="ana", note="matches the MoD video")
    store.record(claim_id, decision="corrected", reviewer="ana",
                 changes={"status": "disputed"}, base=previous_review_id)

Every decision is one row of the ``reviews`` table: claim id, reviewer, time, decision
(accepted / corrected / rejected), the machine's values when the reviewer saw them (``before``),
the values the reviewer settled on (``after``) and a note.  Rows are only ever added; a claim's
review state is its latest row.  The machine's claim in ``claims`` is never written, so
re-ingesting an article keeps its reviews (matched by ``claim_id``) and a review whose machine
claim has changed since is flagged ``review_outdated``.

Two reviewers at once: ``record`` takes the id of the review the reviewer saw (``base``) and
refuses with :class:`Conflict` when another decision landed in between, inside one write
transaction, so no decision silently replaces another.

Exports read the ledger through :func:`annotate`: every claim gets ``review_status`` (pending,
accepted, corrected, rejected), ``reviewed_by``, ``reviewed_at``; corrected values replace the
machine's, which stay in ``machine_*`` properties.  Works over both ledger backends through their
``_execute``/``_transaction``/``_sql`` hooks.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import FrontlineError

#: What a reviewer may change (the place as a whole, by choosing another gazetteer entry).
FIELDS = ("event", "actor", "claimant", "claimant_side", "status", "event_date")
#: A claim's place, as it is replaced by a corrected place.
PLACE_FIELDS = ("place_id", "place", "place_type", "country", "admin1", "precision",
                "precision_note")
#: The machine's values a review remembers, to tell later whether the machine claim changed.
SNAPSHOT = ("place_id", "place", "lon", "lat") + FIELDS + ("quote", "confidence")
DECISIONS = ("accepted", "corrected", "rejected")
REVIEW_STATUSES = ("pending",) + DECISIONS
#: Properties every claim read from a ledger carries.
REVIEW_PROPERTIES = ("review_status", "reviewed_by", "reviewed_at", "review_note",
                     "review_outdated")

_VOCAB = {
    "event": ("captured", "advancing", "fighting", "encircled", "strike", "evacuation", "held",
              "threatened", "diplomacy", "mention"),
    "actor": ("russia", "ukraine", "other", None),
    "claimant_side": ("russia", "ukraine", "independent", None),
    "status": ("claimed", "unverified", "disputed", "confirmed", "assessed", "reported"),
    "place_type": ("settlement", "region", "country", "water", "other"),
    "precision": ("exact", "approximate", "region"),
}
MAX_NOTE = 4000
MAX_TEXT_FIELD = 300


class ReviewError(FrontlineError, ValueError):
    """A review request that cannot be recorded (unknown claim, bad value); nothing was written."""


class NoSuchClaim(ReviewError):
    """The claim id is not in the ledger."""


class Conflict(FrontlineError, RuntimeError):
    """Another reviewer decided on the claim after this reviewer loaded it."""

    def __init__(self, message: str, current: Review):
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Review:
    id: int
    claim_id: str
    article: str
    reviewer: str
    reviewed_at: str
    decision: str
    before: dict
    after: dict | None
    note: str
    supersedes: int | None

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


_COLS = "id, claim_id, article, reviewer, reviewed_at, decision, before, after, note, supersedes"


def _review(row: tuple) -> Review:
    rid, cid, art, who, when, dec, before, after, note, sup = row
    return Review(int(rid), cid, art, who, when, dec, json.loads(before or "{}"),
                  json.loads(after) if after else None, note or "", sup)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# ------------------------------------------------------------------ schema


def _ddl(ledger) -> list[str]:
    serial = "BIGSERIAL PRIMARY KEY" if ledger.param == "%s" else \
        "INTEGER PRIMARY KEY AUTOINCREMENT"
    out = [
        (f"CREATE TABLE IF NOT EXISTS reviews (id {serial}, claim_id TEXT NOT NULL, "
         "article TEXT, reviewer TEXT NOT NULL, reviewed_at TEXT NOT NULL, "
         "decision TEXT NOT NULL, before TEXT NOT NULL, after TEXT, note TEXT, "
         "supersedes BIGINT)"),
        "CREATE INDEX IF NOT EXISTS reviews_claim ON reviews(claim_id)",
        ("CREATE TABLE IF NOT EXISTS article_texts (article TEXT PRIMARY KEY, "
         "content_hash TEXT, text TEXT)"),
    ]
    if ledger.param == "?":  # GeoPackage: list the tables so QGIS shows them as attribute tables
        out += [f"INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, "
                f"description) VALUES ('{t}', 'attributes', '{t}', '{d}')"
                for t, d in (("reviews", "analyst reviews of claims"),
                             ("article_texts", "article texts, for reviewing quotes in context"))]
    return out


def ensure_schema(ledger, cur=None) -> None:
    """Create the review tables once per ledger connection (inside ``cur``'s transaction)."""
    if getattr(ledger, "_review_schema", False):
        return
    if cur is None:
        with ledger._transaction() as c:
            for sql in _ddl(ledger):
                c(sql)
    else:
        for sql in _ddl(ledger):
            cur(sql)
    ledger._review_schema = True


def keep_text(ledger, cur, article) -> None:
    """Ingest hook: store the article's text (so the review page shows a quote in context)."""
    ensure_schema(ledger, cur)
    sql = ledger._sql("SELECT content_hash FROM article_texts WHERE article = ?")
    row = cur(sql, (article.id,))
    if row and row[0][0] == article.content_hash:
        return
    if row:
        cur(ledger._sql("UPDATE article_texts SET content_hash = ?, text = ? WHERE article = ?"),
            (article.content_hash, article.text, article.id))
    else:
        cur(ledger._sql("INSERT INTO article_texts (article, content_hash, text) "
                        "VALUES (?, ?, ?)"), (article.id, article.content_hash, article.text))


# ------------------------------------------------------------------ reading


def _props(rows: Iterable[tuple]) -> list[dict]:
    out = []
    for props, lon, lat in rows:
        p = json.loads(props)
        p["_lon"], p["_lat"] = lon, lat
        out.append(p)
    return out


def snapshot(p: dict) -> dict:
    """The machine values a review remembers (``p`` carries ``_lon``/``_lat`` or lon/lat)."""
    out = {k: p.get(k) for k in SNAPSHOT}
    out["lon"] = p.get("_lon", p.get("lon"))
    out["lat"] = p.get("_lat", p.get("lat"))
    return out


def outdated(review: Review, p: dict) -> bool:
    """True when the machine claim differs from the one the reviewer saw."""
    now = snapshot(p)
    for k, was in review.before.items():
        cur = now.get(k)
        if isinstance(was, float) or isinstance(cur, float):
            if was is None or cur is None or abs(float(was) - float(cur)) > 1e-6:
                return True
        elif was != cur:
            return True
    return False


def has_reviews(ledger) -> bool:
    """True when the ledger has a ``reviews`` table (a ledger no one reviewed may not)."""
    if getattr(ledger, "_review_schema", False):
        return True
    if ledger.param == "%s":
        rows = ledger._execute("SELECT to_regclass('reviews') IS NOT NULL")
        return bool(rows and rows[0][0])
    return bool(ledger._execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                "name = 'reviews'"))


class ReviewStore:
    """Reviews over an open ledger (a :class:`GpkgLedger` or :class:`PostgisLedger`).

    ``create=False`` only reads: a ledger without review tables then has no reviews.
    """

    def __init__(self, ledger, *, create: bool = True):
        self.ledger = ledger
        if create:
            ensure_schema(ledger)
        self.ready = create or has_reviews(ledger)

    def _q(self, sql: str, args: tuple = ()) -> list[tuple]:
        return self.ledger._execute(self.ledger._sql(sql), args)

    # claims -------------------------------------------------------------
    def claims(self) -> list[dict]:
        return _props(self._q("SELECT props, lon, lat FROM claims"))

    def claim(self, claim_id: str) -> dict:
        rows = _props(self._q("SELECT props, lon, lat FROM claims WHERE claim_id = ?",
                              (claim_id,)))
        if not rows:
            raise NoSuchClaim(f"no claim {claim_id!r} in the ledger")
        return rows[0]

    def article(self, article_id: str) -> dict:
        rows = self._q("SELECT id, title, url, published, outlet FROM articles WHERE id = ?",
                       (article_id,))
        text = self._q("SELECT text FROM article_texts WHERE article = ?", (article_id,))
        out = dict(zip(("id", "title", "url", "published", "outlet"), rows[0])) if rows else \
            {"id": article_id}
        out["text"] = text[0][0] if text else None
        return out

    # reviews ------------------------------------------------------------
    def latest(self) -> dict[str, Review]:
        """Each reviewed claim's latest review."""
        out: dict[str, Review] = {}
        if not self.ready:
            return out
        for row in self._q(f"SELECT {_COLS} FROM reviews ORDER BY id"):
            r = _review(row)
            out[r.claim_id] = r
        return out

    def history(self, claim_id: str) -> list[Review]:
        return [_review(r) for r in self._q(
            f"SELECT {_COLS} FROM reviews WHERE claim_id = ? ORDER BY id", (claim_id,))]

    def orphans(self) -> list[Review]:
        """Latest reviews whose claim is no longer in the ledger (its article changed)."""
        ids = {r[0] for r in self._q("SELECT claim_id FROM claims")}
        return [r for cid, r in self.latest().items() if cid not in ids]

    def record(self, claim_id: str, *, decision: str, reviewer: str, note: str = "",
               changes: dict | None = None, place: dict | None = None,
               base: int | None = None, force: bool = False) -> Review:
        """Add one decision; raises :class:`Conflict` when ``base`` is not the latest review.

        ``base`` is the id of the latest review the reviewer saw (None: saw none); ``force``
        records over a newer decision on purpose (both stay in the history).
        ``changes`` holds corrected :data:`FIELDS`; ``place`` a corrected place (a gazetteer
        entry as :func:`place_record` returns it).
        """
        if decision not in DECISIONS:
            raise ReviewError(f"decision must be one of {', '.join(DECISIONS)}, "
                              f"got {decision!r}")
        reviewer = _text(reviewer, "reviewer", required=True)
        note = _text(note, "note", limit=MAX_NOTE)
        changes = _check_changes(changes or {})
        if place is not None:
            place = _check_place(place)
        if decision != "corrected" and (changes or place):
            raise ReviewError("only a correction changes values; use decision 'corrected'")
        L = self.ledger
        with L._transaction() as cur:
            rows = cur(L._sql("SELECT props, lon, lat FROM claims WHERE claim_id = ?"),
                       (claim_id,))
            if not rows:
                raise NoSuchClaim(f"no claim {claim_id!r} in the ledger")
            p = _props(rows)[0]
            last = cur(L._sql(f"SELECT {_COLS} FROM reviews WHERE claim_id = ? "
                              f"ORDER BY id DESC LIMIT 1"), (claim_id,))
            current = _review(last[0]) if last else None
            if current is not None and not force and current.id != base:
                raise Conflict(f"{current.reviewer} already recorded '{current.decision}' for "
                               f"this claim at {current.reviewed_at}", current)
            if current is None and base is not None and not force:
                raise ReviewError(f"review {base} is not a review of claim {claim_id!r}")
            before = snapshot(p)
            after = _after(decision, p, changes, place)
            cur(L._sql("INSERT INTO reviews (claim_id, article, reviewer, reviewed_at, decision, "
                       "before, after, note, supersedes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                (claim_id, p["article"], reviewer, _now(), decision,
                 json.dumps(before, ensure_ascii=False),
                 None if after is None else json.dumps(after, ensure_ascii=False), note,
                 current.id if current else None))
            row = cur(L._sql(f"SELECT {_COLS} FROM reviews WHERE claim_id = ? "
                             f"ORDER BY id DESC LIMIT 1"), (claim_id,))
        return _review(row[0])


def _text(v: Any, what: str, *, limit: int = MAX_TEXT_FIELD, required: bool = False) -> str:
    if v is None:
        v = ""
    if not isinstance(v, str):
        raise ReviewError(f"{what} must be text")
    v = v.strip()
    if required and not v:
        raise ReviewError(f"{what} must not be empty")
    if len(v) > limit:
        raise ReviewError(f"{what} is longer than {limit} characters")
    return v


def _check_changes(changes: Any) -> dict:
    if not isinstance(changes, dict):
        raise ReviewError("changes must be an object of field: value")
    out = {}
    for k, v in changes.items():
        if k not in FIELDS:
            raise ReviewError(f"cannot change {k!r}; a reviewer may change "
                              f"{', '.join(FIELDS)} and the place")
        if v == "":
            v = None
        if k in _VOCAB:
            if v not in _VOCAB[k]:
                raise ReviewError(f"{k} must be one of "
                                  f"{', '.join(str(x) for x in _VOCAB[k] if x)}, got {v!r}")
        elif k == "event_date" and v is not None:
            v = _text(v, k, limit=10)
            try:
                n = len(v)
                fmt = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}[n]
                dt.datetime.strptime(v, fmt)
            except (KeyError, ValueError) as err:
                raise ReviewError(f"event_date must be YYYY, YYYY-MM or YYYY-MM-DD, "
                                  f"got {v!r}") from err
        elif v is not None:
            v = _text(v, k) or None
        out[k] = v
    return out


def _check_place(place: Any) -> dict:
    if not isinstance(place, dict):
        raise ReviewError("place must be a gazetteer entry")
    try:
        lon, lat = float(place["lon"]), float(place["lat"])
    except (KeyError, TypeError, ValueError) as err:
        raise ReviewError("a corrected place needs numeric lon and lat") from err
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ReviewError("a corrected place has coordinates out of range")
    out = {k: place.get(k) for k in PLACE_FIELDS}
    if not out["place_id"] or not out["place"]:
        raise ReviewError("a corrected place needs a place_id and a name")
    for k in ("place_type", "precision"):
        if out[k] not in _VOCAB[k]:
            raise ReviewError(f"{k} must be one of {', '.join(_VOCAB[k])}")
    out["lon"], out["lat"] = lon, lat
    out["source"] = place.get("source")
    return out


def _after(decision: str, p: dict, changes: dict, place: dict | None) -> dict | None:
    if decision == "rejected":
        return None
    after = {k: p.get(k) for k in FIELDS}
    if decision == "accepted":
        return after
    after.update(changes)
    moved = place is not None and (
        place["place_id"] != p.get("place_id")
        or abs(place["lon"] - (p.get("_lon") or 0)) > 1e-9
        or abs(place["lat"] - (p.get("_lat") or 0)) > 1e-9)
    if moved:
        after["place"] = place
    if not moved and all(after[k] == p.get(k) for k in FIELDS):
        raise ReviewError("the correction changes nothing; use Accept instead")
    return after


# ------------------------------------------------------------------ exports


def apply(p: dict, review: Review | None, *, coords: list | None = None) -> dict:
    """Put the review state into one claim's properties (and its corrected values).

    ``coords`` (a feature's ``[lon, lat]``) is moved to a corrected place; the machine's place
    stays in ``machine_*`` properties.  ``p`` is changed in place and returned.
    """
    if review is None:
        p.update(review_status="pending", reviewed_by=None, reviewed_at=None, review_note=None,
                 review_outdated=False)
        return p
    p.update(review_status=review.decision, reviewed_by=review.reviewer,
             reviewed_at=review.reviewed_at, review_note=review.note or None,
             review_outdated=outdated(review, p if coords is None else
                                      {**p, "_lon": coords[0], "_lat": coords[1]}))
    if review.decision != "corrected" or not review.after:
        return p
    for k in FIELDS:
        if k in review.after and review.after[k] != p.get(k):
            p["machine_" + k] = p.get(k)
            p[k] = review.after[k]
    place = review.after.get("place")
    if place:
        for k in PLACE_FIELDS:
            p["machine_" + k] = p.get(k)
            p[k] = place.get(k)
        if coords is not None:
            p["machine_lon"], p["machine_lat"] = coords[0], coords[1]
            coords[0], coords[1] = place["lon"], place["lat"]
        else:
            p["machine_lon"], p["machine_lat"] = p.get("_lon"), p.get("_lat")
            p["_lon"], p["_lat"] = place["lon"], place["lat"]
        p["resolution"] = f"corrected by {review.reviewer} ({review.reviewed_at})"
    return p


def annotate(ledger, features: list[dict]) -> list[dict]:
    """Ledger hook: the review state on every feature (or timeline row) read from a ledger."""
    latest = ReviewStore(ledger, create=False).latest()  # reading never writes the ledger
    for f in features:
        if "properties" in f:
            p = f["properties"]
            apply(p, latest.get(p.get("claim_id")), coords=f["geometry"]["coordinates"])
        else:
            apply(f, latest.get(f.get("claim_id")))
    return features


def publishable(fc: dict, *, reviewed_only: bool = False, drop_rejected: bool = True) -> dict:
    """The claims fit to publish: without rejected ones; with ``reviewed_only``, only claims a
    reviewer accepted or corrected and whose machine claim has not changed since."""
    def keep(p: dict) -> bool:
        st = p.get("review_status")
        if drop_rejected and st == "rejected":
            return False
        if reviewed_only:
            return st in ("accepted", "corrected") and not p.get("review_outdated")
        return True
    return {**fc, "features": [f for f in fc.get("features", [])
                               if keep(f.get("properties") or {})]}


# ------------------------------------------------------------------ user gazetteer

GAZETTEER_COLUMNS = ("name", "lat", "lon", "country", "admin1", "type", "alternate_names", "id",
                     "source_url", "source", "precision", "note")


def save_place(path: str | Path, name: str, place: dict, *, source: str = "") -> bool:
    """Add ``name`` -> ``place`` to a user gazetteer CSV (the ``--gazetteer`` format), atomically.

    Returns False when the file already maps that name to that place.  The coordinates are the
    chosen gazetteer entry's own, so the next ingest with ``--gazetteer`` resolves the name the
    way the reviewer did.
    """
    from geo.files import atomic_write

    name = _text(name, "name", required=True)
    place = _check_place(place)
    path = Path(path)
    rows: list[dict] = []
    if path.exists():
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames or not {"name", "lat", "lon"} <= set(reader.fieldnames):
                raise ReviewError(f"{path}: not a gazetteer CSV (needs name, lat, lon)")
            rows = list(reader)
            fields = list(reader.fieldnames) + [c for c in GAZETTEER_COLUMNS
                                                if c not in reader.fieldnames]
    else:
        fields = list(GAZETTEER_COLUMNS)
    if any(r.get("name") == name and r.get("id") == place["place_id"] for r in rows):
        return False
    rows.append({"name": name, "lat": f"{place['lat']:.7f}", "lon": f"{place['lon']:.7f}",
                 "country": place.get("country") or "", "admin1": place.get("admin1") or "",
                 "type": place.get("place_type") or "settlement", "alternate_names": "",
                 "id": place["place_id"], "source_url": "", "source": source,
                 "precision": place.get("precision") or "exact",
                 "note": place.get("precision_note") or ""})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    with atomic_write(path) as f:
        f.write(buf.getvalue())
    return True
