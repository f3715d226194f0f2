"""A full disk never leaves a half export: real ``frontline export`` processes under a file-size
limit (RLIMIT_FSIZE, so every write past it fails with EFBIG as on a full disk)."""
from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from geo.publish.export import export_claims
from tests.test_export import sample_fc

ROOT = Path(__file__).resolve().parents[1]


def _limited(limit: int):
    def pre():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return pre


def export_limited(claims: Path, out: Path, limit: int, *extra: str):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "geo", "export", str(claims), "-o", str(out),
                           *extra], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, preexec_fn=_limited(limit), check=False)


@pytest.fixture(scope="module")
def claims(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """The sample claims as GeoJSON, and the full size of each format's main file."""
    d = tmp_path_factory.mktemp("full")
    fc = sample_fc()
    path = d / "claims.geojson"
    path.write_text(json.dumps(fc), encoding="utf-8")
    sizes = {}
    for suffix in (".gpkg", ".csv", ".kmz", ".kml", ".fgb", ".parquet"):
        export_claims(fc, d / f"ref{suffix}")
        sizes[suffix] = (d / f"ref{suffix}").stat().st_size
    sizes[".qml"] = (d / "ref.qml").stat().st_size
    return path, sizes


@pytest.mark.parametrize("suffix", [".gpkg", ".csv", ".kmz", ".kml", ".fgb", ".parquet"])
def test_disk_full_leaves_previous_export_untouched(claims, tmp_path, suffix):
    src, sizes = claims
    out = tmp_path / f"claims{suffix}"
    sidecar = out.with_suffix(".qml")
    out.write_bytes(b"previous export")
    sidecar.write_text("previous style")
    r = export_limited(src, out, sizes[suffix] // 2)
    assert r.returncode == 1, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"frontline: error: {out}"), r.stderr
    assert "nothing was written" in lines[0] and "Traceback" not in r.stderr
    assert out.read_bytes() == b"previous export"
    assert sidecar.read_text() == "previous style"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, sidecar.name])


def test_sidecar_that_does_not_fit_keeps_the_data_file_out_too(claims, tmp_path):
    """The GeoJSON fits under the limit, its .qml style does not: neither lands."""
    src, sizes = claims
    out = tmp_path / "claims.geojson"
    limit = (src.stat().st_size * 2 + sizes[".qml"]) // 2
    assert src.stat().st_size * 2 < limit < sizes[".qml"]
    r = export_limited(src, out, limit)
    assert r.returncode == 1 and "nothing was written" in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) == []


def test_enough_room_writes_everything_verified(claims, tmp_path):
    src, sizes = claims
    out = tmp_path / "claims.csv"
    r = export_limited(src, out, 4 * max(sizes.values()))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "claims.csv", "claims.csvt", "claims.prj", "claims.qml"]


@pytest.mark.parametrize("suffix", [".gpkg", ".fgb", ".kmz", ".parquet", ".csv"])
def test_a_writer_that_silently_truncates_is_caught(tmp_path, suffix):
    """GDAL may not report a failed close: a file cut short after a 'successful' write fails
    its read-back, and nothing is renamed into place."""
    from geo.errors import ExportError
    from geo.publish import staging, writers

    real = staging.Staging.verify

    def cut_then_verify(self):
        for tmp, _target, _ in self.files[:1]:
            data = tmp.read_bytes()
            tmp.write_bytes(data[: len(data) // 2])
        real(self)

    out = tmp_path / f"claims{suffix}"
    staging.Staging.verify = cut_then_verify
    try:
        with pytest.raises(ExportError, match="nothing was written"):
            writers.write(sample_fc(), out, {".gpkg": "gpkg", ".fgb": "fgb", ".kmz": "kmz",
                                             ".parquet": "parquet", ".csv": "csv"}[suffix])
    finally:
        staging.Staging.verify = real
    assert list(tmp_path.iterdir()) == []
