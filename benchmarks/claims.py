"""The claims wing's speed: end to end on one core, with the parser and without it, on three
corpora, start-up included.  Writes the "Claims and the parser" section of BENCHMARKS.md.

    .venv/bin/python benchmarks/claims.py            # 500 articles per corpus
    .venv/bin/python benchmarks/claims.py --n 200    # a quicker run

Corpora: ``seeds`` (500 copies of the five seed articles, the issue's throughput bar),
``generated`` (benchmarks/run.py::make_corpus), ``wire`` (the twenty English dev articles of
../shared/eval/dev, real wire-length reports, repeated; read in place, never copied).
Each figure runs in a fresh interpreter pinned to one core (``taskset -c 0``): "with start-up"
includes importing, loading the gazetteer and (with the parser) the spaCy model.  The machine's
load average is recorded beside each figure (the machines are shared).

The ledger's ingest rate is measured for the GeoPackage file and, when the PostgreSQL/PostGIS
Debian packages are installed, for a real PostGIS server started in a temporary directory (as
``tests/pg.py`` does; with the server's default durability, ``fsync`` on).

    .venv/bin/python benchmarks/claims.py --ledger-only   # only the two ledgers' rates
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
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


def load_average() -> float:
    """The one-minute load average (how busy the shared machine was)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def run(corpus: Path, parser: bool, cache: Path | None) -> dict:
    before = load_average()
    r = _run(corpus, parser, cache)
    r["load"] = max(before, load_average())
    return r


def _run(corpus: Path, parser: bool, cache: Path | None) -> dict:
    env = "1" if parser else "0"
    return _child(f"""
import json, os, time, resource
t0 = time.perf_counter()
os.environ["FRONTLINE_PARSER"] = {env!r}
{'os.environ["FRONTLINE_CACHE_DIR"] = ' + repr(str(cache)) if cache else 'pass'}
from geo.pipeline import extract_paths, load_gazetteer
from geo.claims import parse
parsed = [0]
orig = parse._pipe  # the spaCy call itself (parse.parse may wait there for its batch)
def counting(texts, code="en"):
    parsed[0] += len(texts)
    t = time.perf_counter(); out = orig(texts, code); counting.s += time.perf_counter() - t
    counting.tokens += sum(len(d) for d in out if d is not None)
    return out
counting.s = 0.0
counting.tokens = 0
parse._pipe = counting
gz = load_gazetteer()
if {parser!r}:
    parse.parser("en")
ready = time.perf_counter() - t0
t = time.perf_counter(); c = time.process_time(); n = claims = 0
for ex in extract_paths([{str(corpus)!r}], gz=gz):
    n += 1; claims += len(getattr(ex, "claims", []))
s = time.perf_counter() - t
cpu = time.process_time() - c
total = time.perf_counter() - t0
print(json.dumps({{"articles": n, "claims": claims, "seconds": s, "startup_s": ready,
                  "cpu_s": cpu, "per_cpu_s": n / cpu,
                  "per_s": n / s, "per_s_with_startup": n / total, "parse_s": counting.s,
                  "sentences_parsed": parsed[0], "tokens_parsed": counting.tokens,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
""")


def ledger(corpora: list[Path], db: str, cache: Path | None = None) -> dict:
    """A ledger's ingest rate (claims per second) for the corpora's extractions, ingested one
    corpus after the other into the same ledger (the later ones meet a ledger that already
    holds claims).  Extraction is not timed; only ``Ledger.ingest``."""
    before = load_average()
    r = _child(f"""
import json, os, time
os.environ["FRONTLINE_PARSER"] = "0"
{'os.environ["FRONTLINE_CACHE_DIR"] = ' + repr(str(cache)) if cache else 'pass'}
from geo.pipeline import extract_paths, load_gazetteer
from geo.ledger import open_ledger
gz = load_gazetteer()
out = []
led = open_ledger({db!r})
for corpus in {[str(c) for c in corpora]!r}:
    exs = [e for e in extract_paths([corpus], gz=gz) if hasattr(e, "claims")]
    n = sum(len(e.claims) for e in exs)
    t = time.perf_counter(); rep = led.ingest(exs); s = time.perf_counter() - t
    out.append({{"corpus": os.path.basename(corpus), "articles": len(exs), "claims": n,
                "written": rep["claims"], "seconds": s, "per_s": n / s,
                "articles_per_s": len(exs) / s}})
led.close()
print(json.dumps({{"runs": out}}))
""")
    r["load"] = max(before, load_average())
    runs = r["runs"]
    n, secs = sum(x["claims"] for x in runs), sum(x["seconds"] for x in runs)
    r.update(claims=n, seconds=secs, per_s=n / secs)
    return r


def postgis_ledger(corpora: list[Path], cache: Path | None) -> dict | None:
    """The PostGIS ledger's ingest rate on a real server in a temporary directory, with
    PostgreSQL's default durability (``fsync`` on); None when PostgreSQL and PostGIS are not
    installed.  The server is the test suite's (``tests/pg.py``)."""
    from tests import pg

    if pg.unavailable():
        return None
    with pg.server("frontline_bench", durable=True) as url:
        r = ledger(corpora, url, cache)
        r["server"] = pg.version()
        return r


def direct(corpus: Path, parser: bool, work: Path, cache: Path | None) -> dict:
    """``taskset -c 0 frontline extract`` over the corpus, as a user runs it (start-up, reading,
    extraction and writing the GeoJSON), timed from outside."""
    env = dict(os.environ, FRONTLINE_PARSER="1" if parser else "0")
    if cache:
        env["FRONTLINE_CACHE_DIR"] = str(cache)
    exe = Path(sys.executable).with_name("frontline")
    cmd = [str(exe), "extract", str(corpus), "-o", str(work / "direct.geojson")]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    before = load_average()
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    s = time.perf_counter() - t
    n = len(list(corpus.iterdir()))
    return {"parser": parser, "articles": n, "seconds": s, "per_s": n / s,
            "load": max(before, load_average())}


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
        # the caller's gazetteer cache (FRONTLINE_CACHE_DIR), else a private one built first
        cache = Path(os.environ.get("FRONTLINE_CACHE_DIR") or work / "cache")
        _child(f"import gazetteer, json; gazetteer.load(cache_dir={str(cache)!r}); print('{{}}')")
        for name, path in corpora.items():
            for parser in (True, False):
                r = run(path, parser, cache)
                r.update(corpus=name, parser=parser)
                print(json.dumps(r), file=sys.stderr)
                rows.append(r)
        cli = [direct(corpora["seeds"], parser, work, cache) for parser in (True, False)]
        print(json.dumps(cli), file=sys.stderr)
        led_corpora = [corpora["seeds"]] + ([corpora["wire"]] if "wire" in corpora else [])
        leds = {"GeoPackage": ledger(led_corpora, str(work / "ledger.gpkg"), cache)}
        pg = postgis_ledger(led_corpora, cache)
        if pg is not None:
            leds["PostGIS"] = pg
        print(json.dumps(leds), file=sys.stderr)
        write(Path(args.out), args.n, rows, leds, cli)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write(path: Path, n: int, rows: list[dict], leds: dict | None = None,
          cli: list[dict] | None = None) -> None:
    loads = [r["load"] for r in rows + (cli or []) if "load" in r]
    intro = (f"Generated by `.venv/bin/python benchmarks/claims.py` on {machine()}; one core "
             f"(`taskset -c 0`), a fresh interpreter per figure, {n} articles per corpus.  "
             "`FRONTLINE_PARSER=0` turns the parser off (regular-expression attribution).  "
             "Only sentences that can hold a claim are parsed, with spaCy's `ner` excluded.  "
             "The machine is shared: the one-minute load average during each figure is given "
             f"(it ranged {min(loads, default=0):.1f}-{max(loads, default=0):.1f} on "
             f"{os.cpu_count()} cores); figures taken under load are floors.")
    header = ("| corpus | parser | articles/s (extraction) | articles per CPU-second | "
              "articles/s with start-up | "
              "start-up s | parse s | ms per parsed sentence | sentences parsed per article | "
              "tokens parsed per article | parse tokens/s | ceiling with start-up | "
              "claims | peak MB | load | bar (>= 50/s) |")
    lines = [SECTION.strip(), "", intro, "", header,
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        ok = "meets" if r["per_s_with_startup"] >= 50 else "MISSES"
        per = (f"{1000 * r['parse_s'] / r['sentences_parsed']:.1f}" if r["sentences_parsed"]
               else "-")
        tokens = r.get("tokens_parsed", 0)
        # the articles/s with start-up if everything but spaCy's own parse took no time
        ceiling = (f"{r['articles'] / (r['startup_s'] + r['parse_s']):.0f}" if tokens else "-")
        parse_cols = (f"{tokens / max(1, r['articles']):.0f} | "
                      f"{tokens / r['parse_s']:,.0f} | {ceiling}" if tokens else "- | - | -")
        lines.append(
            f"| {r['corpus']} | {'on' if r['parser'] else 'off'} | {r['per_s']:.0f} | "
            f"{r.get('per_cpu_s', float('nan')):.0f} | {r['per_s_with_startup']:.0f} | "
            f"{r['startup_s']:.1f} | {r['parse_s']:.1f} | "
            f"{per} | {r['sentences_parsed'] / max(1, r['articles']):.1f} | {parse_cols} | "
            f"{r['claims']:,} | "
            f"{r['rss_mb']:.0f} | {r.get('load', float('nan')):.1f} | {ok} |")
    lines += ["", ("Corpora: `seeds` = copies of the five seed articles; `generated` = "
                   "`benchmarks/run.py::make_corpus`; `wire` = the twenty English dev articles "
                   "(real wire-length reports, read from ../shared, never copied), repeated."), "",
              ("\"ceiling with start-up\" is the articles/s with start-up the run would reach if "
               "everything but spaCy's own parse of the sentences it parsed (`parse s`, the "
               "model's `nlp.pipe` call timed alone) took no time: the most any speed-up of "
               "Frontline's own code can give while the same sentences are parsed with the "
               "same model."), ""]
    if cli:
        lines += [f"The command itself, `taskset -c 0 frontline extract` over the {n} seed "
                  "copies (start-up, reading, extraction, writing the GeoJSON), timed from "
                  "outside:", "", "| parser | seconds | articles/s | load |", "|---|---|---|---|"]
        lines += [f"| {'on' if c['parser'] else 'off'} | {c['seconds']:.1f} | {c['per_s']:.1f} | "
                  f"{c['load']:.1f} |" for c in cli]
        lines.append("")
    if leds:
        lines += ["Ledgers (one core for the client; `Ledger.ingest` timed, extraction not; the "
                  "corpora ingested one after the other into one ledger):", "",
                  "| ledger | corpus | articles | claims | seconds | claims/s | articles/s |",
                  "|---|---|---|---|---|---|---|"]
        for kind, led in leds.items():
            for x in led["runs"]:
                lines.append(f"| {kind} | {x['corpus']} | {x['articles']:,} | "
                             f"{x['claims']:,} | {x['seconds']:.1f} | {x['per_s']:.0f} | "
                             f"{x['articles_per_s']:.0f} |")
        lines.append("")
        if "PostGIS" in leds:
            lines += [f"PostGIS: {leds['PostGIS'].get('server', 'PostgreSQL')}, a local server "
                      "started in a temporary directory with its default durability (`fsync` "
                      "on), the client on the same machine.", ""]
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = "\n".join(lines).rstrip("\n") + "\n"
    if SECTION in old:  # replaced where it stands, up to the next section or marker
        a = old.index(SECTION)
        ends = [i for i in (old.find("\n## ", a + len(SECTION)),
                            old.find("\n<!--", a + len(SECTION))) if i >= 0]
        b = min(ends, default=len(old))
        rest = "\n" + old[b:].lstrip("\n") if b < len(old) else ""
        text = old[:a].rstrip("\n") + "\n\n" + new + rest
    else:
        text = old.rstrip("\n") + "\n\n" + new
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
