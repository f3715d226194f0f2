"""The Dask engine gives exactly the in-process output, on a real LocalCluster of 2 workers."""
from __future__ import annotations

import json
import shutil
import time

import pytest

from tests.conftest import SEEDS

pytestmark = [pytest.mark.dask, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seeds plus variants of them (renamed, trimmed) and one bad file: 16 inputs."""
    d = tmp_path_factory.mktemp("corpus")
    for i, p in enumerate(sorted(SEEDS.glob("*.txt"))):
        shutil.copy(p, d / p.name)
        text = p.read_text(encoding="utf-8")
        paras = text.split("\n")
        (d / f"v{i}_head.txt").write_text("\n".join(paras[: max(1, len(paras) // 2)]),
                                          encoding="utf-8")
        (d / f"v{i}_tail.txt").write_text("\n".join(paras[len(paras) // 2:]) or text,
                                          encoding="utf-8")
    (d / "zz_bad.txt").write_bytes(b"\xff\xfe\x00garbage")
    return d


def test_dask_output_equals_in_process(cli, corpus, tmp_path):
    local = tmp_path / "local.geojson"
    dask = tmp_path / "dask.geojson"
    r1 = cli("extract", str(corpus), "-o", str(local))
    r2 = cli("extract", str(corpus), "-o", str(dask), "--engine", "dask")
    assert r1.returncode == 3 and r2.returncode == 3, (r1.stderr, r2.stderr)  # one bad file
    a = json.loads(local.read_text())
    b = json.loads(dask.read_text())
    assert len(a["features"]) > 20
    assert a == b  # same claims, same ids, same order, same unresolved and skipped lists


def test_dask_library_with_an_explicit_cluster(corpus):
    from distributed import Client, LocalCluster

    from geo.engine import extract_dask
    from geo.ingest import Failure
    from geo.pipeline import extract_paths

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        got = list(extract_dask([str(corpus)], client=client, files_per_partition=3))
    want = list(extract_paths([str(corpus)]))
    assert [type(x).__name__ for x in got] == [type(x).__name__ for x in want]
    for g, w in zip(got, want):
        if isinstance(g, Failure):
            assert g == w
        else:
            assert g.article == w.article
            assert [c.claim_id for c in g.claims] == [c.claim_id for c in w.claims]


def test_dask_streams_partitions_with_bounded_memory(corpus):
    """Partitions are submitted a few at a time and gathered as they finish: while the driver
    holds the first result, the cluster knows of at most 2 x in_flight of the 16 partitions,
    and the whole stream still equals the in-process output, in order."""
    from distributed import Client, LocalCluster

    from geo.engine import extract_dask
    from geo.ingest import Failure
    from geo.pipeline import extract_paths

    def tasks(dask_scheduler):
        return len(dask_scheduler.tasks)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        stream = extract_dask([str(corpus)], client=client, files_per_partition=1, in_flight=2)
        first = next(stream)
        known = client.run_on_scheduler(tasks)
        got = [first, *stream]
        for _ in range(100):  # releases reach the scheduler asynchronously
            left = client.run_on_scheduler(tasks)
            if not left:
                break
            time.sleep(0.1)
    n_files = len(list(corpus.iterdir()))
    assert n_files == 16
    assert known <= 4 < n_files
    assert left == 0  # every partition released once gathered
    want = list(extract_paths([str(corpus)]))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        if isinstance(g, Failure):
            assert g == w
        else:
            assert [c.claim_id for c in g.claims] == [c.claim_id for c in w.claims]
