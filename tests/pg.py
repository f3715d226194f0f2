"""A real PostgreSQL + PostGIS server for the test session (Debian packages), on 127.0.0.1.

initdb refuses to run as root, so the cluster belongs to the ``postgres`` system user (created
by the Debian package) and lives in a temporary directory; the server listens on a free port
and is stopped at the end of the session.
"""
from __future__ import annotations

import contextlib
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


def unavailable() -> str | None:
    """Why no server can be started here (None: it can)."""
    if _bindir() is None or not glob.glob("/usr/share/postgresql/*/extension/postgis.control"):
        return "PostgreSQL/PostGIS Debian packages are not installed"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runuser is needed to run PostgreSQL as the postgres user"
    return None


@contextlib.contextmanager
def server(dbname: str = "frontline_test", *, durable: bool = False):
    """Start a real server in a temporary directory; yield the URL of database ``dbname``.

    ``durable`` keeps PostgreSQL's default durability (``fsync`` on), for benchmarks; the tests
    run with ``fsync=off``.  Call :func:`unavailable` first.
    """
    bindir = _bindir()
    assert bindir is not None
    root = Path(tempfile.mkdtemp(prefix="frontline-pg-"))
    data = root / "data"
    os.chmod(root, 0o777)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                 "--auth=trust", "-E", "UTF8"]
                                + ([] if durable else ["--no-sync"])),
                   check=True, capture_output=True)
    log = root / "server.log"
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1" + ("" if durable else
                                                                   " -c fsync=off")
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
                                 "-o", opts, "start"]),
                   check=True, capture_output=True, timeout=60)
    try:
        import psycopg

        url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        for _ in range(50):
            try:
                with psycopg.connect(url, autocommit=True) as con:
                    con.execute(f"CREATE DATABASE {dbname}")
                break
            except psycopg.OperationalError:
                time.sleep(0.2)
        yield f"postgresql://postgres@127.0.0.1:{port}/{dbname}"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def version() -> str:
    bindir = _bindir()
    return subprocess.run([str(bindir / "postgres"), "--version"], capture_output=True,
                          text=True).stdout.strip() if bindir else ""


@pytest.fixture(scope="session")
def postgis_url():
    why = unavailable()
    if why:
        pytest.skip(why)
    with server() as url:
        yield url
