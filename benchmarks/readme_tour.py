"""Run the README's tour commands and check (or rewrite) the outputs the README shows.

Usage:
  .venv/bin/python benchmarks/readme_tour.py            # check: exit 1 and a diff if it drifted
  .venv/bin/python benchmarks/readme_tour.py --write    # rewrite the README's tour blocks

The README marks each generated block with ``<!-- tour:NAME -->`` ... ``<!-- /tour:NAME -->``
and each figure quoted in its prose with ``<!--fig:NAME-->VALUE<!--/fig-->``.  Every command
runs as a real ``frontline`` process from the repository root, writing into a temporary folder;
lines are cut at :data:`WIDTH` characters as on a 120-column terminal.  tests/test_docs.py runs
the same tour and fails, printing the refresh command, when the README no longer matches.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHARED = ROOT.parent / "shared"
WIDTH = 120
REFRESH = ".venv/bin/python benchmarks/readme_tour.py --write"


@dataclass(frozen=True)
class Step:
    shown: str  # the command as the README shows it
    args: tuple[str, ...]  # what runs ({tmp} is the temporary folder)
    stream: str = "stderr"  # which output the README shows
    needs_shared: bool = False


#: Tour blocks: name -> the commands shown in that block, in order.
TOUR: dict[str, tuple[Step, ...]] = {
    "extract": (
        Step("frontline extract seeds/ -o claims.geojson",
             ("extract", "seeds/", "-o", "{tmp}/claims.geojson")),
    ),
    "export": (
        Step("frontline export claims.geojson -o claims.gpkg",
             ("export", "{tmp}/claims.geojson", "-o", "{tmp}/claims.gpkg")),
        Step("frontline export claims.geojson -o claims.kmz",
             ("export", "{tmp}/claims.geojson", "-o", "{tmp}/claims.kmz")),
        Step("frontline export claims.geojson -o claims.csv",
             ("export", "{tmp}/claims.geojson", "-o", "{tmp}/claims.csv")),
        Step("frontline export claims.geojson -o acled.csv --format acled",
             ("export", "{tmp}/claims.geojson", "-o", "{tmp}/acled.csv", "--format", "acled")),
    ),
    "places": (
        Step("frontline places seeds/003_1453e23ad8c0bd85.txt",
             ("places", "seeds/003_1453e23ad8c0bd85.txt", "--format", "table"), "stdout"),
    ),
    "lookup": (
        Step('frontline gazetteer lookup "Sukhyi Yar"',
             ("gazetteer", "lookup", "Sukhyi Yar"), "stdout"),
    ),
    "eval": (
        Step("frontline eval --gold ../shared/eval/seeds_gold.json seeds/ "
             "--geowebnews ../shared/eval/geowebnews/",
             ("eval", "--gold", "../shared/eval/seeds_gold.json", "seeds/",
              "--geowebnews", "../shared/eval/geowebnews/"), "stdout", needs_shared=True),
    ),
}
#: Figures quoted in the README's prose: name -> (tour block, regex over its output).
FIGURES = {
    "seed_claims": ("extract", r"(\d+) claim\(s\)"),
    "gwn_acc161": ("eval", r"acc161\s+([\d.]+)\s"),
    "gwn_baseline": ("eval", r"acc161\s+[\d.]+\s+([\d.]+)"),
    "gwn_all": ("eval", r"counted as misses: ([\d.]+)"),
    "gwn_e2e": ("eval", r"from raw text \(recognized, then resolved within 161 km, over all \d+\): ([\d.]+)"),
}
_BLOCK = re.compile(r"(<!-- tour:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /tour:(?P=name) -->)",
                    re.DOTALL)
_FIG = re.compile(r"<!--fig:(?P<name>[\w-]+)-->(?P<value>.*?)<!--/fig-->")


def _cut(line: str) -> str:
    line = line.rstrip()
    return line if len(line) <= WIDTH else line[:WIDTH - 3] + "..."


def run_step(step: Step, tmp: Path) -> str:
    args = [a.replace("{tmp}", str(tmp)) for a in step.args]
    env = {**os.environ, "COLUMNS": str(WIDTH), "PYTHONIOENCODING": "utf-8",
           "FRONTLINE_NO_PROGRESS": "1"}
    run = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600, check=False)
    if run.returncode not in (0, 3):
        raise RuntimeError(f"`{step.shown}` exited {run.returncode}: {run.stderr[-1500:]}")
    out = run.stdout if step.stream == "stdout" else run.stderr
    # temporary paths read as the README's relative ones
    return out.replace(f"{tmp}/", "")


def block(name: str, tmp: Path) -> str:
    """The README text of one tour block (a console code fence)."""
    lines = ["```console"]
    for i, step in enumerate(TOUR[name]):
        if i and TOUR[name][i - 1].stream == "stdout":
            lines.append("")
        lines.append(f"$ {step.shown}")
        lines += [_cut(x) for x in run_step(step, tmp).rstrip("\n").splitlines()]
    lines.append("```")
    return "\n".join(lines) + "\n"


def available(name: str) -> bool:
    return not any(s.needs_shared for s in TOUR[name]) or SHARED.is_dir()


def run_tour(names=None) -> dict[str, str]:
    """name -> regenerated block, for the blocks whose inputs exist here."""
    names = [n for n in (names or TOUR) if available(n)]
    with tempfile.TemporaryDirectory() as tmp:
        return {n: block(n, Path(tmp)) for n in names}


def figures(blocks: dict[str, str]) -> dict[str, str]:
    out = {}
    for name, (src, rx) in FIGURES.items():
        if src in blocks:
            m = re.search(rx, blocks[src])
            if m:
                out[name] = m.group(1)
    return out


def readme_blocks(text: str) -> dict[str, str]:
    return {m["name"]: m["body"] for m in _BLOCK.finditer(text)}


def readme_figures(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in _FIG.finditer(text):
        out.setdefault(m["name"], []).append(m["value"])
    return out


def rewrite(text: str, blocks: dict[str, str]) -> str:
    text = _BLOCK.sub(lambda m: m.group(1) + blocks.get(m["name"], m["body"]) + m.group(4), text)
    figs = figures(blocks)
    return _FIG.sub(lambda m: f"<!--fig:{m['name']}-->{figs.get(m['name'], m['value'])}"
                              "<!--/fig-->", text)


def drift(text: str, blocks: dict[str, str]) -> list[str]:
    """Human-readable differences between the README and a regenerated tour (empty if none)."""
    problems = []
    have = readme_blocks(text)
    for name, new in blocks.items():
        if name not in have:
            problems.append(f"README has no <!-- tour:{name} --> block")
        elif have[name] != new:
            diff = difflib.unified_diff(have[name].splitlines(), new.splitlines(),
                                        f"README {name}", f"regenerated {name}", lineterm="")
            problems.append("\n".join(diff))
    figs = figures(blocks)
    for name, values in readme_figures(text).items():
        if name in figs and any(v != figs[name] for v in values):
            problems.append(f"figure {name}: README says {values}, the tour gives {figs[name]}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description="Check or rewrite the README tour outputs.")
    ap.add_argument("--write", action="store_true", help="rewrite README.md in place")
    ap.add_argument("blocks", nargs="*", help="only these blocks (default: all)")
    args = ap.parse_args()
    text = README.read_text(encoding="utf-8")
    blocks = run_tour(args.blocks or None)
    skipped = [n for n in (args.blocks or TOUR) if n not in blocks]
    if skipped:
        print(f"skipped (../shared absent): {', '.join(skipped)}", file=sys.stderr)
    if args.write:
        new = rewrite(text, blocks)
        if new != text:
            tmp = README.with_suffix(".md.tmp")
            tmp.write_text(new, encoding="utf-8")
            os.replace(tmp, README)
            print(f"README.md: tour refreshed ({', '.join(blocks)})")
        else:
            print("README.md: already up to date")
        return 0
    problems = drift(text, blocks)
    for p in problems:
        print(p)
    if problems:
        print(f"\nthe README tour drifted; refresh it with: {REFRESH}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
