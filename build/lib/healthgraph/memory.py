"""Memory: keep Python's own bookkeeping out of the way of steps that create millions of objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building millions of short-lived terms.

    The collector's repeated full passes over an rdflib graph's objects took half the time of a large build
    or projection; nothing created there needs cycle collection before the step ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
