"""Pool: pre-started worker processes that hold the store open, each killed at its job's deadline and replaced.

A worker is forked once, prepares itself (signals, no network, the store) and then answers jobs one at a
time over a pipe. ``size`` workers are kept warm; when every worker has been busy for ``patience`` seconds
(long queries), an extra one is forked for the waiting job (as many as the caller's slots allow); it stays
while no other worker is idle, and is ended once one is. A worker whose job passes the deadline, or whose
client hangs up, is killed at once (no CPU is left burning) and a fresh one takes its place in the background.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

__all__ = ["ClientGoneError", "DeadlineError", "Handler", "WorkerEndedError", "WorkerPool"]

# what a worker runs on each job: the reply to send back, and whether the worker may take another job
Handler = Callable[[Any], tuple[Any, bool]]
POLL = 0.25  # seconds between looks at the client while a job runs


class DeadlineError(Exception):
    """The job was still running at its deadline: its worker was killed."""


class ClientGoneError(Exception):
    """The client hung up while its job ran: its worker was killed."""


class WorkerEndedError(Exception):
    """The worker died without an answer (a signal, or the memory limit); ``exitcode`` says how."""

    def __init__(self, exitcode: int | None) -> None:
        """Keep the worker's exit code (negative: the signal that ended it)."""
        super().__init__(f"worker ended with exit code {exitcode}")
        self.exitcode = exitcode


def _work(conn: Connection, prepare: Callable[[], Handler]) -> None:
    """In the worker: prepare once, then answer jobs until told to stop or the pool goes away."""
    handle = prepare()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            break
        reply, keep = handle(job)
        conn.send((reply, keep))
        if not keep:
            break
    conn.close()
    os._exit(0)  # skip interpreter teardown: nothing of the server's state is this process's to clean


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        """Kill the worker and reap it."""
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class WorkerPool:
    """Keeps ``size`` prepared workers and hands each job to one of them under a deadline."""

    def __init__(self, prepare: Callable[[], Handler], size: int, patience: float = 0.25) -> None:
        """Keep how workers prepare themselves, how many stay warm, and how long a job waits for one."""
        self.prepare = prepare
        self.size = max(1, size)
        self.patience = patience
        self._idle: list[_Worker] = []
        self._every: set[_Worker] = set()  # every worker alive, idle or busy, to stop them all at the end
        self._count = 0  # warm workers alive, idle or busy
        self._lock = threading.Condition()
        self._closed = False

    def start(self) -> None:
        """Fork the warm workers now (before the server's threads start)."""
        with self._lock:
            missing = self.size - self._count
            self._count += missing
        self._idle.extend(self._fork() for _ in range(missing))

    def _fork(self) -> _Worker:
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe(duplex=True)
        process = context.Process(target=_work, args=(theirs, self.prepare), daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        with self._lock:
            self._every.add(worker)
        return worker

    def _refill(self) -> None:
        """Fork workers until ``size`` are warm again (run in a thread, off the request's path)."""
        while True:
            with self._lock:
                if self._closed or self._count >= self.size:
                    return
                self._count += 1
            worker = self._fork()
            with self._lock:
                self._idle.append(worker)
                self._lock.notify()

    def _take(self, deadline: float) -> tuple[_Worker, bool]:
        """Return an idle warm worker, or after ``patience`` an extra one; and whether it is warm."""
        with self._lock:
            self._lock.wait_for(lambda: bool(self._idle), min(self.patience, max(0.0, deadline - time.monotonic())))
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker, True
                self._count -= 1  # died while idle (killed from outside): reaped and replaced
                self._every.discard(worker)
                worker.stop()
                threading.Thread(target=self._refill, daemon=True).start()
        return self._fork(), False

    def _give_back(self, worker: _Worker, warm: bool, healthy: bool) -> None:
        """Keep a healthy worker while fewer than ``size`` are warm or none other is idle; else stop it."""
        with self._lock:
            needed = self._count + (not warm) <= self.size or not self._idle
            if healthy and needed and not self._closed:
                self._count += not warm
                self._idle.append(worker)
                self._lock.notify()
                return
            self._count -= warm
            self._every.discard(worker)
        worker.stop()
        threading.Thread(target=self._refill, daemon=True).start()

    def run(self, job: Any, deadline: float, gone: Callable[[], bool]) -> Any:
        """Run ``job`` in a worker and return its reply.

        Raises :class:`DeadlineError` at ``deadline``, :class:`ClientGoneError` when ``gone()`` turns true and
        :class:`WorkerEndedError` when the worker dies; in each case the worker is killed and replaced.
        """
        worker, warm = self._take(deadline)
        healthy = False
        try:
            reply, healthy = self._exchange(worker, job, deadline, gone)
            return reply
        finally:
            self._give_back(worker, warm, healthy)

    def _exchange(self, worker: _Worker, job: Any, deadline: float, gone: Callable[[], bool]) -> tuple[Any, bool]:
        try:
            worker.conn.send(job)
            while not worker.conn.poll(min(POLL, max(deadline - time.monotonic(), 0))):
                if time.monotonic() >= deadline:
                    raise DeadlineError
                if gone():
                    raise ClientGoneError
            answer: tuple[Any, bool] = worker.conn.recv()
            return answer
        except (EOFError, BrokenPipeError, ConnectionResetError):
            worker.process.join(5)
            raise WorkerEndedError(worker.process.exitcode) from None

    def close(self) -> None:
        """Stop every worker, idle or busy (a busy one's job gets no answer: the server is stopping)."""
        with self._lock:
            self._closed = True
            every, self._every, self._idle = self._every, set(), []
        for worker in every:
            worker.stop()
