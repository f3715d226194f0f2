"""A real PostgreSQL + PostGIS server for the test session (Debian packages), on 127.0.0.1.

initdb refuses to run as root, so the cluster belongs to the ``postgres`` system user (created
by the Debian package) and lives in a temporary directory; the server listens on a free port
and is stopped at the end of the session.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@pytest.fixture(scope="session")
def postgis_url():
    bindir = _bindir()
    if bindir is None or not glob.glob("/usr/share/postgresql/*/extension/postgis.control"):
        pytest.skip("PostgreSQL/PostGIS Debian packages are not installed")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("runuser is needed to run PostgreSQL as the postgres user")
    root = Path(tempfile.mkdtemp(prefix="frontline-pg-"))
    data = root / "data"
    os.chmod(root, 0o777)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                 "--auth=trust", "-E", "UTF8", "--no-sync"]),
                   check=True, capture_output=True)
    log = root / "server.log"
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
                                 "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 "
                                       f"-c fsync=off", "start"]),
                   check=True, capture_output=True, timeout=60)
    try:
        import psycopg

        url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        for _ in range(50):
            try:
                with psycopg.connect(url, autocommit=True) as con:
                    con.execute("CREATE DATABASE frontline_test")
                break
            except psycopg.OperationalError:
                time.sleep(0.2)
        yield f"postgresql://postgres@127.0.0.1:{port}/frontline_test"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)
