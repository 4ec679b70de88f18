"""Files: write outputs so that a failure, a kill or a second writer never leaves them half-written or mixed."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["BusyError", "ForeignFolderError", "atomic_write", "locked", "write_folder"]


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file next to ``target``, then rename it over ``target``.

    A failure (or a kill) before the rename leaves any previous ``target`` untouched.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        temp.chmod(0o644)  # mkstemp creates 0600; outputs are ordinary readable files
        with temp.open("rb") as stream:
            os.fsync(stream.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


class BusyError(OSError):
    """Another process holds the lock of what this one wants to write."""


@contextmanager
def locked(lock: Path, target: Path) -> Iterator[None]:
    """Hold the exclusive lock file ``lock`` while this process writes ``target``.

    A second writer gets :class:`BusyError` at once, naming the process that holds the lock, instead of
    mixing its files with the first one's.
    """
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BusyError(f"{target} is being written by {holder}: wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


class ForeignFolderError(OSError):
    """A folder a command would replace holds something it did not write: it is left alone."""


def write_folder(target: Path, fill: Callable[[Path], None], marker: str | None = None) -> None:
    """Fill a new folder next to ``target``, then put it in ``target``'s place: readers see the old set or the new.

    A failure while filling leaves ``target`` as it was; if the swap itself fails, the old folder is put back.
    A swap interrupted by a kill (the old folder set aside, the new one not yet in place) is undone next time.
    With ``marker`` (a file name), the new folder holds that file, and an existing ``target`` is replaced only if
    it is empty or holds the marker too: a folder of someone else's files raises :class:`ForeignFolderError`. The
    current directory and its parents are never replaced.
    """
    target = Path(os.path.abspath(target))
    if Path.cwd().resolve().is_relative_to(target.resolve()) or not target.name:
        raise ForeignFolderError(f"{target} is the current directory or holds it: give a folder of its own")
    if marker and target.is_dir() and any(target.iterdir()) and not (target / marker).exists():
        raise ForeignFolderError(f"{target} holds files this command did not write: give an empty or new folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    for aside in target.parent.glob(f".{target.name}.*.old"):  # left by a kill between the two renames
        if not target.exists():
            os.rename(aside, target)
        else:
            shutil.rmtree(aside, ignore_errors=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        fill(temp)
        if marker:
            (temp / marker).write_text("written by healthgraph; the next run replaces it whole\n", encoding="utf-8")
        temp.chmod(0o755)
        old = target.with_name(f".{target.name}.{os.getpid()}.old")
        if target.exists():
            os.rename(target, old)
        try:
            os.rename(temp, target)
        except OSError:
            if old.exists():
                os.rename(old, target)
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
