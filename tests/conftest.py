"""Shared fixtures: the ../shared folder, the gazetteer, the seed claims, running the CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"
FRONTLINE = [sys.executable, "-m", "geo"]


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` beside the repository; tests that need it skip cleanly without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def gold(shared) -> dict:
    path = shared / "eval" / "seeds_gold.json"
    if not path.is_file():
        pytest.skip("../shared/eval/seeds_gold.json is absent")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def gz():
    import gazetteer

    return gazetteer.load()


def run_cli(*args: str, input: str | bytes | None = None, cwd: Path | None = None,
            env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``frontline ARGS`` as a real process; returns the CompletedProcess (text mode)."""
    e = dict(os.environ)
    e.update(env or {})
    e.setdefault("PYTHONIOENCODING", "utf-8")
    return subprocess.run([*FRONTLINE, *args], input=input, capture_output=True,
                          text=not isinstance(input, bytes), cwd=cwd or ROOT, env=e,
                          timeout=timeout)


@pytest.fixture(scope="session")
def cli():
    return run_cli


@pytest.fixture(scope="session")
def seed_claims_path(tmp_path_factory) -> Path:
    """The seed articles run through ``frontline extract`` once per test session."""
    out = tmp_path_factory.mktemp("seeds") / "seeds.geojson"
    r = run_cli("extract", str(SEEDS), "-o", str(out))
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="session")
def seed_claims(seed_claims_path) -> dict:
    return json.loads(seed_claims_path.read_text(encoding="utf-8"))
