"""Test helpers: which query workers of a server burn CPU, and whether given workers are gone.

The server keeps warm workers, so "no worker left" is not the test: a killed worker is gone and replaced, and
no worker spends CPU once every query has ended.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.servers import children, cpu_seconds


def busy_workers(pid: int, seconds: float = 0.5) -> set[int]:
    """Return the workers of server ``pid`` that spent CPU over the next ``seconds``."""
    before = {}
    for child in children(pid):
        try:
            before[child] = cpu_seconds(child)
        except FileNotFoundError:
            continue
    time.sleep(seconds)
    busy = set()
    for child, spent in before.items():
        try:
            if cpu_seconds(child) - spent > seconds / 10:
                busy.add(child)
        except FileNotFoundError:
            continue
    return busy


def alive(pids: set[int]) -> set[int]:
    """Return those of ``pids`` that still exist (and are not zombies waiting to be reaped)."""
    found = set()
    for each in pids:
        try:
            state = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            continue
        if state != "Z":
            found.add(each)
    return found
