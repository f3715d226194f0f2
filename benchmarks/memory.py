"""Peak memory of ``frontline extract`` against corpus size (issue 19: flat in corpus size).

Builds corpora of N copies of the seed articles (``seeds/``; each copy its own file, in
folders of 1,000), runs ``frontline extract DIR -o out.geojson`` under ``/usr/bin/time -v``
and reports the peak resident set and the time per article.  Run::

    .venv/bin/python benchmarks/memory.py 1000 10000 [100000]
    .venv/bin/python benchmarks/memory.py --engine dask 1000 10000

``/usr/bin/time`` reports the largest single process of the run (with ``--engine dask``, a
local cluster of 2 worker processes, that is a worker); the driver (the ``frontline`` process
itself) and the whole process tree (driver and workers, summed) are sampled every half second
with psutil.

Target: peak(10k) <= 1.3 x peak(1k).  Figures go in RELIABILITY.md.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(directory: Path, n: int) -> Path:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(n):
        sub = directory / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(seeds[i % len(seeds)], sub / f"{i:06d}_{seeds[i % len(seeds)].name}")
    return directory


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(directory: Path, n: int, env: dict, engine: str = "local") -> dict:
    import psutil

    out = directory.parent / f"out{n}.geojson"
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "geo", "extract", str(directory),
           "-o", str(out), "--engine", engine]
    with tempfile.TemporaryFile("w+") as err:
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, text=True, cwd=ROOT,
                             env=env)
        proc = psutil.Process(p.pid)
        tree = driver = 0
        while p.poll() is None:
            tree = max(tree, _tree_rss(proc))
            try:
                kids = proc.children()
                driver = max(driver, kids[0].memory_info().rss if kids else 0)
            except psutil.Error:
                pass
            time.sleep(0.5)
        err.seek(0)
        stderr = err.read()
    if p.returncode not in (0, 3):
        raise SystemExit(stderr[-2000:])
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", stderr)
    parts = [float(x) for x in wall.group(1).split(":")]
    seconds = sum(x * 60 ** i for i, x in enumerate(reversed(parts)))
    return {"articles": n, "peak_mb": rss / 1024, "tree_mb": tree / 2**20,
            "driver_mb": driver / 2**20, "seconds": seconds,
            "ms_per_article": 1000 * seconds / n, "output_mb": out.stat().st_size / 2**20}


def main(sizes: list[int], engine: str = "local") -> None:
    import os

    rows = []
    with tempfile.TemporaryDirectory(prefix="frontline-mem-") as tmp:
        # a private, warm gazetteer cache: a cold build (about 1 GB) must not be measured
        # (an existing FRONTLINE_CACHE_DIR is reused and warmed first)
        env = {**os.environ, "FRONTLINE_CACHE_DIR": os.environ.get("FRONTLINE_CACHE_DIR")
               or f"{tmp}/gazetteer-cache"}
        subprocess.run([sys.executable, "-c", "import gazetteer; gazetteer.load()"], env=env,
                       check=True, cwd=ROOT)
        for n in sizes:
            d = corpus(Path(tmp) / f"c{n}", n)
            rows.append(measure(d, n, env, engine))
            r = rows[-1]
            print(f"{r['articles']:>7,} articles ({engine}): peak {r['peak_mb']:,.0f} MB, "
                  f"driver {r['driver_mb']:,.0f} MB, process tree {r['tree_mb']:,.0f} MB, "
                  f"{r['seconds']:.0f} s ({r['ms_per_article']:.0f} ms/article), "
                  f"output {r['output_mb']:,.0f} MB", flush=True)
            shutil.rmtree(d)
    base = rows[0]
    for r in rows[1:]:
        print(f"peak({r['articles']:,}) / peak({base['articles']:,}) = "
              f"{r['peak_mb'] / base['peak_mb']:.2f}, process tree "
              f"{r['tree_mb'] / base['tree_mb']:.2f} (target <= 1.3)")


if __name__ == "__main__":
    args = sys.argv[1:]
    engine = "local"
    if args[:1] == ["--engine"]:
        engine, args = args[1], args[2:]
    main([int(a) for a in args] or [1000, 10000], engine)
