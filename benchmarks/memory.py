"""Peak memory of ``frontline extract`` against corpus size (issue 19: flat in corpus size).

Builds corpora of N copies of the seed articles (``seeds/``; each copy its own file, in
folders of 1,000), runs ``frontline extract DIR -o out.geojson`` under ``/usr/bin/time -v``
and reports the peak resident set and the time per article.  Run::

    .venv/bin/python benchmarks/memory.py 1000 10000 [100000]

Target: peak(10k) <= 1.3 x peak(1k).  Figures go in RELIABILITY.md.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(directory: Path, n: int) -> Path:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(n):
        sub = directory / f"{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(seeds[i % len(seeds)], sub / f"{i:06d}_{seeds[i % len(seeds)].name}")
    return directory


def measure(directory: Path, n: int, env: dict) -> dict:
    out = directory.parent / f"out{n}.geojson"
    cmd = ["/usr/bin/time", "-v", sys.executable, "-m", "geo", "extract", str(directory),
           "-o", str(out)]
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    if p.returncode != 0:
        raise SystemExit(p.stderr[-2000:])
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", p.stderr)
    parts = [float(x) for x in wall.group(1).split(":")]
    seconds = sum(x * 60 ** i for i, x in enumerate(reversed(parts)))
    return {"articles": n, "peak_mb": rss / 1024, "seconds": seconds,
            "ms_per_article": 1000 * seconds / n, "output_mb": out.stat().st_size / 2**20}


def main(sizes: list[int]) -> None:
    import os

    rows = []
    with tempfile.TemporaryDirectory(prefix="frontline-mem-") as tmp:
        # a private, warm gazetteer cache: a cold build (about 1 GB) must not be measured
        env = {**os.environ, "FRONTLINE_CACHE_DIR": f"{tmp}/gazetteer-cache"}
        subprocess.run([sys.executable, "-c", "import gazetteer; gazetteer.load()"], env=env,
                       check=True, cwd=ROOT)
        for n in sizes:
            d = corpus(Path(tmp) / f"c{n}", n)
            rows.append(measure(d, n, env))
            r = rows[-1]
            print(f"{r['articles']:>7,} articles: peak {r['peak_mb']:,.0f} MB, "
                  f"{r['seconds']:.0f} s ({r['ms_per_article']:.0f} ms/article), "
                  f"output {r['output_mb']:,.0f} MB", flush=True)
            shutil.rmtree(d)
    base = rows[0]
    for r in rows[1:]:
        print(f"peak({r['articles']:,}) / peak({base['articles']:,}) = "
              f"{r['peak_mb'] / base['peak_mb']:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
