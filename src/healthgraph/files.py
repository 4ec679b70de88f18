"""Files: write outputs so that a failure, a kill or a second writer never leaves them half-written or mixed."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["BusyError", "atomic_write", "locked", "write_folder"]


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


def write_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Fill a new folder next to ``target``, then put it in ``target``'s place: readers see the old set or the new.

    A failure while filling leaves ``target`` as it was; if the swap itself fails, the old folder is put back.
    A swap interrupted by a kill (the old folder set aside, the new one not yet in place) is undone next time.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for aside in target.parent.glob(f".{target.name}.*.old"):  # left by a kill between the two renames
        if not target.exists():
            os.rename(aside, target)
        else:
            shutil.rmtree(aside, ignore_errors=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))
    try:
        fill(temp)
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
