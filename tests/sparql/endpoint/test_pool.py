"""The worker pool: warm workers answer jobs, and a worker past its deadline or its client is killed and replaced."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
from tests.sparql.endpoint.workers import alive

from healthgraph.sparql.endpoint.pool import ClientGoneError, DeadlineError, Handler, WorkerEndedError, WorkerPool


def _prepare() -> Handler:
    """A worker's handler: ('pid',) answers its process id, ('sleep', s) sleeps, ('exit',) dies."""
    prepared_in = os.getpid()

    def handle(job: Any) -> tuple[Any, bool]:
        if job[0] == "sleep":
            time.sleep(job[1])
        if job[0] == "exit":
            os._exit(3)
        return (prepared_in, os.getpid()), job[0] != "retire"

    return handle


@pytest.fixture()
def pool() -> Iterator[WorkerPool]:
    found = WorkerPool(_prepare, 2, patience=0.2)
    found.start()
    yield found
    found.close()


def _later(seconds: float = 10) -> float:
    return time.monotonic() + seconds


def _never() -> bool:
    return False


def _warm(pool: WorkerPool, count: int) -> set[int]:
    """Wait until ``count`` workers are warm again; return their process ids."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pids = {worker.process.pid for worker in pool._every if worker.alive()}
        if len(pids) == count:
            return {pid for pid in pids if pid is not None}
        time.sleep(0.05)
    raise AssertionError("the pool did not get its workers back")


def test_warm_workers_prepare_once_and_answer_many_jobs(pool: WorkerPool) -> None:
    answers = {pool.run(("pid",), _later(), _never) for _ in range(20)}
    assert len(answers) <= 2, "jobs go to the two warm workers, no fork per job"
    assert all(prepared == worker != os.getpid() for prepared, worker in answers)


def test_a_job_past_its_deadline_kills_its_worker_and_the_pool_replaces_it(pool: WorkerPool) -> None:
    before = _warm(pool, 2)
    started = time.monotonic()
    with pytest.raises(DeadlineError):
        pool.run(("sleep", 30), time.monotonic() + 0.5, _never)
    assert time.monotonic() - started < 2
    after = _warm(pool, 2)
    killed = before - after
    assert len(killed) == 1 and alive(killed) == set(), "the worker that ran the job is gone"
    assert pool.run(("pid",), _later(), _never)[1] in after


def test_a_client_that_hangs_up_ends_its_worker(pool: WorkerPool) -> None:
    before = _warm(pool, 2)
    hung_up = time.monotonic() + 0.3
    with pytest.raises(ClientGoneError):
        pool.run(("sleep", 30), _later(), lambda: time.monotonic() > hung_up)
    assert len(before - _warm(pool, 2)) == 1


def test_a_worker_that_dies_is_reported_and_replaced(pool: WorkerPool) -> None:
    with pytest.raises(WorkerEndedError) as ended:
        pool.run(("exit",), _later(), _never)
    assert ended.value.exitcode == 3
    _warm(pool, 2)
    for worker in list(pool._every):  # killed from outside while idle: the next job goes to a live worker
        if worker.process.pid:
            os.kill(worker.process.pid, signal.SIGKILL)
    time.sleep(0.2)
    assert pool.run(("pid",), _later(), _never)


def test_a_retiring_worker_answers_then_makes_way(pool: WorkerPool) -> None:
    _, retired = pool.run(("retire",), _later(), _never)
    assert retired not in _warm(pool, 2)


def test_when_every_worker_is_busy_an_extra_one_takes_the_job(pool: WorkerPool) -> None:
    import threading

    before = _warm(pool, 2)
    busy = [threading.Thread(target=pool.run, args=(("sleep", 1.5), _later(), _never)) for _ in range(2)]
    for thread in busy:
        thread.start()
    time.sleep(0.1)
    started = time.monotonic()
    _, worker = pool.run(("pid",), _later(), _never)
    assert time.monotonic() - started < 1.0, "the job waited for a busy worker"
    assert worker not in before, "an extra worker was forked for it"
    for thread in busy:
        thread.join()
    _warm(pool, 2)  # and the pool shrinks back to its size once workers are idle
