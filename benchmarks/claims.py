"""The claims wing's speed: end to end on one core, with the parser and without it, on three
corpora, start-up included.  Writes the "Claims and the parser" section of BENCHMARKS.md.

    .venv/bin/python benchmarks/claims.py            # 500 articles per corpus
    .venv/bin/python benchmarks/claims.py --n 200    # a quicker run

Corpora: ``seeds`` (500 copies of the five seed articles, the issue's throughput bar),
``generated`` (benchmarks/run.py::make_corpus), ``wire`` (the twenty English dev articles of
../shared/eval/dev, real wire-length reports, repeated; read in place, never copied).
Each figure runs in a fresh interpreter pinned to one core (``taskset -c 0``): "with start-up"
includes importing, loading the gazetteer and (with the parser) the spaCy model.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.run import _child, machine, make_corpus

DEV = ROOT.parent / "shared" / "eval" / "dev" / "articles"
SECTION = "\n## Claims and the parser"


def seed_corpus(d: Path, n: int) -> None:
    d.mkdir(parents=True, exist_ok=True)
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(n):
        shutil.copy(seeds[i % len(seeds)], d / f"seed_{i:05d}.txt")


def wire_corpus(d: Path, n: int) -> bool:
    texts = sorted(DEV.glob("[01][0-9]_*.txt")) + sorted(DEV.glob("20_*.txt"))
    if not texts:
        return False
    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = texts[i % len(texts)]
        lines = src.read_text(encoding="utf-8").split("\n")
        pub = lines[1].replace("# published:", "").strip()
        (d / f"wire_{i:05d}.txt").write_text(f"---\npublished: {pub}\n---\n" +
                                             "\n".join(lines[2:]), encoding="utf-8")
    return True


def run(corpus: Path, parser: bool, cache: Path | None) -> dict:
    env = "1" if parser else "0"
    return _child(f"""
import json, os, time, resource
t0 = time.perf_counter()
os.environ["FRONTLINE_PARSER"] = {env!r}
{'os.environ["FRONTLINE_CACHE_DIR"] = ' + repr(str(cache)) if cache else 'pass'}
from geo.pipeline import extract_paths, load_gazetteer
from geo.claims import parse, reader
parsed = [0]
orig = parse.parse
def counting(texts, code="en"):
    parsed[0] += len(texts)
    t = time.perf_counter(); out = orig(texts, code); counting.s += time.perf_counter() - t
    return out
counting.s = 0.0
reader._parse.parse = counting
gz = load_gazetteer()
if {parser!r}:
    parse.parser("en")
ready = time.perf_counter() - t0
t = time.perf_counter(); n = claims = 0
for ex in extract_paths([{str(corpus)!r}], gz=gz):
    n += 1; claims += len(getattr(ex, "claims", []))
s = time.perf_counter() - t
total = time.perf_counter() - t0
print(json.dumps({{"articles": n, "claims": claims, "seconds": s, "startup_s": ready,
                  "per_s": n / s, "per_s_with_startup": n / total, "parse_s": counting.s,
                  "sentences_parsed": parsed[0],
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
""")


def ledger(corpus: Path, db: Path) -> dict:
    """The GeoPackage ledger's ingest rate (claims per second) for the corpus's extractions."""
    return _child(f"""
import json, os, time
os.environ["FRONTLINE_PARSER"] = "0"
from geo.pipeline import extract_paths, load_gazetteer
from geo.ledger import open_ledger
gz = load_gazetteer()
exs = [e for e in extract_paths([{str(corpus)!r}], gz=gz) if hasattr(e, "claims")]
n = sum(len(e.claims) for e in exs)
led = open_ledger({str(db)!r})
t = time.perf_counter(); led.ingest(exs); s = time.perf_counter() - t
led.close()
print(json.dumps({{"claims": n, "seconds": s, "per_s": n / s}}))
""")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="frontline-claims-bench-"))
    rows = []
    try:
        corpora = {}
        seed_corpus(work / "seeds", args.n)
        corpora["seeds"] = work / "seeds"
        make_corpus(work / "generated", args.n)
        corpora["generated"] = work / "generated"
        if wire_corpus(work / "wire", args.n):
            corpora["wire"] = work / "wire"
        cache = work / "cache"  # a private gazetteer cache, built once before the figures
        _child(f"import gazetteer, json; gazetteer.load(cache_dir={str(cache)!r}); print('{{}}')")
        for name, path in corpora.items():
            for parser in (True, False):
                r = run(path, parser, cache)
                r.update(corpus=name, parser=parser)
                print(json.dumps(r), file=sys.stderr)
                rows.append(r)
        led = ledger(corpora["seeds"], work / "ledger.gpkg")
        print(json.dumps(led), file=sys.stderr)
        write(Path(args.out), args.n, rows, led)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write(path: Path, n: int, rows: list[dict], led: dict | None = None) -> None:
    intro = (f"Generated by `.venv/bin/python benchmarks/claims.py` on {machine()}; one core "
             f"(`taskset -c 0`), a fresh interpreter per figure, {n} articles per corpus.  "
             "`FRONTLINE_PARSER=0` turns the parser off (regular-expression attribution).  "
             "Only sentences that can hold a claim are parsed, with spaCy's `ner` excluded.")
    header = ("| corpus | parser | articles/s (extraction) | articles/s with start-up | "
              "start-up s | parse s | sentences parsed per article | claims | peak MB | "
              "bar (>= 50/s) |")
    lines = [SECTION.strip(), "", intro, "", header, "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ok = "meets" if r["per_s_with_startup"] >= 50 else "MISSES"
        lines.append(
            f"| {r['corpus']} | {'on' if r['parser'] else 'off'} | {r['per_s']:.0f} | "
            f"{r['per_s_with_startup']:.0f} | {r['startup_s']:.1f} | {r['parse_s']:.1f} | "
            f"{r['sentences_parsed'] / max(1, r['articles']):.1f} | {r['claims']:,} | "
            f"{r['rss_mb']:.0f} | {ok} |")
    lines += ["", ("Corpora: `seeds` = copies of the five seed articles; `generated` = "
                   "`benchmarks/run.py::make_corpus`; `wire` = the twenty English dev articles "
                   "(real wire-length reports, read from ../shared, never copied), repeated."), ""]
    if led:
        lines += [(f"Ledger (GeoPackage, one core): {led['claims']:,} claims ingested in "
                   f"{led['seconds']:.1f} s, **{led['per_s']:.0f} claims/s**."), ""]
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if SECTION in old:
        a = old.index(SECTION)
        b = old.find("\n## ", a + len(SECTION))
        old = old[:a] + (old[b:] if b >= 0 else "")
    path.write_text(old.rstrip("\n") + "\n\n" + "\n".join(lines), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
