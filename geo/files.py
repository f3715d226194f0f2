"""Atomic file writes: a failure midway never leaves a half-written output.

A regular file (or a new path) is written to a hidden temporary file beside it, flushed and
renamed over it.  A special file -- ``/dev/null``, a FIFO, a terminal, a socket -- is written
directly: renaming over a device node would replace the device with a plain file.  A symbolic
link is followed, so the file it points to is replaced and the link stays.

Temporary files are named ``.NAME.PID.RANDOM.part.SUFFIX``; one left behind by a killed
process (``kill -9``) is removed by the next write into that folder, once its process is gone.
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path
from typing import IO, Iterator

_PART = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.part(\.[^/]*)?$")


def is_special(path: str | os.PathLike[str]) -> bool:
    """True for an existing target that is not a regular file (device, FIFO, socket)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def clean_stale_parts(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove temporary files in ``folder`` left by writers that no longer run; return them."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for e in entries:
        m = _PART.match(e.name)
        if not m or _alive(int(m.group(1))):
            continue
        with contextlib.suppress(OSError):
            if e.is_dir(follow_symlinks=False):
                import shutil

                shutil.rmtree(e.path)
            else:
                os.unlink(e.path)
            removed.append(Path(e.path))
    return removed


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success.

    For writers that want a file name (GDAL, folium).  On any exception (including
    KeyboardInterrupt) the temporary file is removed and ``path`` is left as it was.  For a
    special file (``/dev/null``, a FIFO) the path itself is yielded: it is written directly.
    """
    if is_special(path):
        yield Path(path)
        return
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_parts(target.parent)
    tmp_path = target.parent / (f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}"
                                f".part{target.suffix}")
    try:
        yield tmp_path
        if not tmp_path.exists():
            raise FileNotFoundError(f"writer produced no file for {target}")
        os.replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w",
                 encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; rename it into place on success.

    Example::

        with atomic_write("out.geojson") as f:
            f.write("{}")
    """
    kwargs = {} if "b" in mode else {"encoding": encoding, "newline": ""}
    if is_special(path):
        with open(path, mode, **kwargs) as f:
            yield f
        return
    with atomic_path(path) as tmp:
        with open(tmp, mode, **kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
