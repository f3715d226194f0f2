"""Run the pipeline on a Dask cluster: the same output as in-process, partitioned by file.

The driver expands the input paths into a file list; each Dask task reads and extracts a
partition of files with :func:`geo.pipeline.extract_paths` and its own copy of the gazetteer
(loaded once per worker process from the compiled cache).  ``dask.bag`` keeps partition order,
so the results come back in input order and the claims are identical, ids included.

On several machines, start ``dask scheduler`` on one and ``dask worker tcp://HOST:8786`` on the
others (each with Frontline installed and the articles on a shared path), then::

    frontline extract /shared/articles/ --engine dask --scheduler tcp://HOST:8786 -o claims.geojson
"""
from __future__ import annotations

import sys
from typing import Iterator, Sequence

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
                 ) -> Iterator[Extraction | Failure]:
    """Extract on Dask; yield results in input order, exactly as ``extract_paths`` would.

    Parameters
    ----------
    scheduler : address of a running scheduler (``tcp://host:8786``); ``None`` starts a
        local cluster of ``n_workers`` processes for this run.
    client : an existing ``distributed.Client`` to use instead (tests pass one).
    """
    import dask.bag as db
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
        nparts = max(1, min(len(files), -(-len(files) // files_per_partition)))
        names = display_names(files)  # over the whole run, as in-process
        bag = db.from_sequence([(f, names[f]) for f in files], npartitions=nparts).map_partitions(
            _extract_partition, max_bytes, tuple(gazetteer_files))
        results = client.compute(bag.to_delayed(), sync=True)
        for part in results:
            yield from part
    finally:
        if own is not None:
            cluster = getattr(own, "cluster", None)
            own.close()
            if cluster is not None:
                cluster.close()
