"""The README shows what you get: its tour outputs are regenerated and compared.

The tour (benchmarks/readme_tour.py) runs every README tour command as a real ``frontline``
process; when extraction changes, refresh the README with the command the failure prints.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _tour():
    spec = importlib.util.spec_from_file_location("readme_tour", ROOT / "benchmarks" /
                                                  "readme_tour.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["readme_tour"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


tour = _tour()


@pytest.fixture(scope="module")
def regenerated() -> dict[str, str]:
    return tour.run_tour()


def test_every_tour_block_is_marked_in_the_readme():
    blocks = tour.readme_blocks(README.read_text(encoding="utf-8"))
    assert set(blocks) == set(tour.TOUR)
    figs = tour.readme_figures(README.read_text(encoding="utf-8"))
    assert set(figs) == set(tour.FIGURES)


@pytest.mark.slow
def test_readme_matches_the_tour(regenerated):
    text = README.read_text(encoding="utf-8")
    problems = tour.drift(text, regenerated)
    assert not problems, ("\n\n".join(problems)
                          + f"\n\nThe README tour drifted; refresh it with: {tour.REFRESH}")


def test_drift_is_detected_and_rewrite_fixes_it():
    """The check is not a tautology: a changed count in a block or a figure is reported, and
    the rewrite puts the regenerated text back."""
    blocks = {"extract": "```console\n$ frontline extract seeds/ -o claims.geojson\n"
                         "frontline: 5 article(s), 999 claim(s) (1 front-line)\n```\n"}
    text = ("x <!--fig:seed_claims-->113<!--/fig--> y\n<!-- tour:extract -->\n```console\n"
            "old\n```\n<!-- /tour:extract -->\n")
    problems = tour.drift(text, blocks)
    assert len(problems) == 2 and "999" in problems[0] and "seed_claims" in problems[1]
    fixed = tour.rewrite(text, blocks)
    assert tour.drift(fixed, blocks) == [] and "<!--fig:seed_claims-->999<!--/fig-->" in fixed


def test_readme_documents_publication_dates():
    text = README.read_text(encoding="utf-8")
    for needle in ("articles.toml", ".meta.json", "front matter", "published:"):
        assert needle in text, needle
