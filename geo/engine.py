"""Run the pipeline on a Dask cluster: the same output as in-process, partitioned by file.

The driver expands the input paths into a file list; each Dask task reads and extracts a
partition of files with :func:`geo.pipeline.extract_paths` and its own copy of the gazetteer
(loaded once per worker process from the compiled cache).  The results stream back: at most
``in_flight`` partitions are submitted at a time, each is gathered as soon as it completes
(``as_completed``) and released from the cluster, and the driver yields them in input order
(holding only those that finished ahead of their turn), so the claims are identical to the
in-process run, ids included, and the driver's memory does not grow with the corpus: the CLI
writes each article into its on-disk spool as it arrives (:class:`geo.records.CollectionSpool`).

On several machines, start ``dask scheduler`` on one and ``dask worker tcp://HOST:8786`` on the
others (each with Frontline installed and the articles on a shared path), then::

    frontline extract /shared/articles/ --engine dask --scheduler tcp://HOST:8786 -o claims.geojson
"""
from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence

from geo.ingest import MAX_BYTES, Failure, display_names, expand_paths, iter_articles
from geo.model import Extraction

_WORKER_GZ: dict[tuple[str, ...], object] = {}


def _gazetteer(files: tuple[str, ...]):
    gz = _WORKER_GZ.get(files)
    if gz is None:
        from geo.pipeline import load_gazetteer

        gz = _WORKER_GZ[files] = load_gazetteer(files)
    return gz


def _extract_partition(items: list[tuple[str, str]], max_bytes: int,
                       gazetteer_files: tuple[str, ...]) -> list[Extraction | Failure]:
    from geo.pipeline import extract_paths

    files = [f for f, _ in items]
    return list(extract_paths(files, gz=_gazetteer(gazetteer_files), max_bytes=max_bytes,
                              names=dict(items)))


def extract_dask(paths: Sequence[str], *, scheduler: str | None = None,
                 max_bytes: int = MAX_BYTES, gazetteer_files: Sequence[str] = (),
                 n_workers: int = 2, files_per_partition: int = 64, client=None,
                 in_flight: int | None = None) -> Iterator[Extraction | Failure]:
    """Extract on Dask; yield results in input order, exactly as ``extract_paths`` would.

    Parameters
    ----------
    scheduler : address of a running scheduler (``tcp://host:8786``); ``None`` starts a
        local cluster of ``n_workers`` processes for this run.
    client : an existing ``distributed.Client`` to use instead (tests pass one).
    in_flight : partitions submitted at once (default: two per worker, at least 2); bounds
        what the cluster and the driver hold at any time.
    """
    from distributed import Client, LocalCluster

    files: list[str] = []
    early: list[Failure] = []
    stdin_items: list[Extraction | Failure] = []
    for item in expand_paths(paths):
        if isinstance(item, Failure):
            early.append(item)
        elif item == "-":
            from geo.pipeline import extract_article

            for a in iter_articles(["-"], max_bytes=max_bytes, stdin=sys.stdin):
                stdin_items.append(a if isinstance(a, Failure) else
                                   extract_article(a, _gazetteer(tuple(gazetteer_files))))
        else:
            files.append(item)
    yield from early
    yield from stdin_items
    if not files:
        return
    own = None
    if client is None:
        if scheduler:
            client = own = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = own = Client(cluster)
    try:
        names = display_names(files)  # over the whole run, as in-process
        parts = [[(f, names[f]) for f in files[i:i + files_per_partition]]
                 for i in range(0, len(files), max(1, files_per_partition))]
        del names
        if in_flight is None:
            in_flight = 2 * max(1, len(client.scheduler_info().get("workers", {})))
        yield from _stream(client, parts, max(2, in_flight), max_bytes, tuple(gazetteer_files))
    finally:
        if own is not None:
            cluster = getattr(own, "cluster", None)
            own.close()
            if cluster is not None:
                cluster.close()


def _stream(client, parts: list[list[tuple[str, str]]], in_flight: int, max_bytes: int,
            gazetteer_files: tuple[str, ...]) -> Iterator[Extraction | Failure]:
    """Run the partitions ``in_flight`` at a time; yield their results in partition order."""
    import uuid

    from distributed import as_completed

    run = uuid.uuid4().hex
    live: dict[str, tuple[int, object]] = {}  # submitted and not yet gathered
    pending = as_completed()

    def submit(i: int) -> None:
        fut = client.submit(_extract_partition, parts[i], max_bytes, gazetteer_files,
                            pure=False, key=f"frontline-partition-{run}-{i}")
        parts[i] = []  # the driver keeps no copy of what was sent
        live[fut.key] = (i, fut)
        pending.add(fut)

    nxt = 0  # the next partition to submit
    want = 0  # the next partition to yield
    done: dict[int, list] = {}  # finished ahead of their turn
    try:
        while nxt < len(parts) and nxt < in_flight:
            submit(nxt)
            nxt += 1
        for fut in pending:
            i, _ = live.pop(fut.key)
            done[i] = fut.result()
            fut.release()
            while want in done:
                yield from done.pop(want)
                want += 1
            # keep the workers busy, but hold at most in_flight running and in_flight waiting
            while nxt < len(parts) and len(live) < in_flight and len(done) < in_flight:
                submit(nxt)
                nxt += 1
    finally:  # stopped early (--strict, an error): nothing left running for this run
        if live:
            client.cancel([f for _, f in live.values()])
