"""Files: write an output so that a failure or a kill never leaves it half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["atomic_write"]


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
