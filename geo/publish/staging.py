"""All the files of one export land together, verified, or none does.

A full disk, a quota or a size limit can make a writer stop midway, and GDAL does not always
report a failed write or close.  So every file of an export (the data file and its ``.qml``,
``.csvt``, ``.prj`` sidecars) is first written to a temporary file beside its target; then each
is flushed to disk (``fsync``), checked to be non-empty, and re-opened with its reader (GDAL,
pyarrow, the XML parser, the CSV reader) to count what it holds.  Only when every file passed are
they renamed over their targets, the data file last; if a rename fails, the targets already
replaced get their previous contents back.  On any failure the temporary files are removed and
the previous outputs stay as they were.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from geo.errors import ExportError

Verifier = Callable[[Path], None]


def fsync_path(path: Path) -> None:
    """Flush a file's data to the disk (a read-only descriptor is enough on POSIX)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be fsynced
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class Staging:
    """Temporary paths for the files of one export, committed together by :func:`staged`."""

    def __init__(self) -> None:
        self.files: list[tuple[Path, Path, Verifier | None]] = []

    def path(self, target: str | os.PathLike[str], verify: Verifier | None = None) -> Path:
        """A fresh temporary path beside ``target`` (not yet existing: GDAL refuses to
        overwrite); ``verify(tmp)`` raises when the written file is not what was meant."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part" + target.suffix,
                                   dir=target.parent)
        os.close(fd)
        os.unlink(tmp)
        self.files.append((Path(tmp), target, verify))
        return Path(tmp)

    def verify(self) -> None:
        for tmp, target, verify in self.files:
            if not tmp.exists():
                raise ExportError(f"{target}: the writer produced no file")
            fsync_path(tmp)
            if tmp.stat().st_size == 0:
                raise ExportError(f"{target}: the written file is empty (disk full?)")
            if verify is not None:
                try:
                    verify(tmp)
                except ExportError:
                    raise
                except Exception as err:  # any reader error means the file is not whole
                    raise ExportError(f"{target}: the written file does not read back "
                                      f"({type(err).__name__}: {err}); disk full?") from err

    def commit(self) -> None:
        """Rename every file into place, the first one (the data file) last."""
        done: list[tuple[Path, Path | None]] = []
        try:
            for tmp, target, _ in reversed(self.files):
                backup = None
                if target.exists():
                    backup = Path(tempfile.mktemp(prefix=f".{target.name}.", suffix=".old",
                                                  dir=target.parent))
                    try:
                        os.link(target, backup)
                    except OSError:  # no hard links here: copy
                        shutil.copy2(target, backup)
                os.replace(tmp, target)
                done.append((target, backup))
        except BaseException:
            for target, backup in reversed(done):
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, target)
                    else:
                        target.unlink()
            raise
        finally:
            for _target, backup in done:
                if backup is not None:
                    with contextlib.suppress(FileNotFoundError):
                        backup.unlink()
        for d in {t.parent for _, t, _ in self.files}:
            _fsync_dir(d)

    def cleanup(self) -> None:
        for tmp, _, _ in self.files:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


@contextlib.contextmanager
def staged() -> Iterator[Staging]:
    """Write the files of one export under ``with staged() as st: st.path(target, verify)``.

    On leaving the block normally the files are verified and committed together; on any
    exception (KeyboardInterrupt included) nothing is renamed and the temporaries go.
    """
    st = Staging()
    try:
        yield st
        st.verify()
        st.commit()
    except (ExportError, OSError) as err:
        raise _named(err, st) from err
    finally:
        st.cleanup()


def _named(err: Exception, st: Staging) -> ExportError:
    """The error told with the target's name, not the temporary file's, and what it left."""
    msg = str(err) if isinstance(err, ExportError) else (err.strerror or str(err))
    for tmp, target, _ in st.files:
        msg = msg.replace(str(tmp), str(target))
    target = st.files[0][1] if st.files else None
    if target is not None and not msg.startswith(str(target)):
        msg = f"{target}: {msg}"
    if isinstance(err, OSError) and err.errno in (27, 28, 122):  # EFBIG, ENOSPC, EDQUOT
        msg += " (disk full or a size limit)"
    return ExportError(msg + "; nothing was written, earlier files are untouched")
