"""The pools behind Slack's acks take work up to their workers plus their queue and refuse the rest
at once (the person is then told Veille is busy); stopping drops the work not started and waits,
within its time, for the work running."""

from __future__ import annotations

import threading

from veille.handlers.pool import Lanes, WorkPool


class Held:
    """Work that runs until the test lets it go."""

    def __init__(self) -> None:
        self.started = threading.Semaphore(0)
        self.go = threading.Event()
        self.done: list[int] = []

    def work(self, n: int) -> None:
        self.started.release()
        self.go.wait()
        self.done.append(n)


def test_a_full_pool_refuses_at_once_and_takes_work_again_when_some_ends():
    held = Held()
    pool = WorkPool("test", workers=2, waiting=3)
    taken = [pool.submit(lambda n=n: held.work(n)) for n in range(6)]
    assert taken == [True] * 5 + [False]
    assert pool.in_flight == 5

    held.go.set()
    assert pool.wait_idle(timeout=10)
    assert sorted(held.done) == [0, 1, 2, 3, 4]  # the refused one never ran
    assert pool.submit(lambda: held.work(6))  # room again
    assert pool.wait_idle(timeout=10) and held.done[-1] == 6
    assert pool.stop(timeout=10)


def test_work_that_fails_is_logged_and_frees_its_place(caplog):
    pool = WorkPool("test", workers=1, waiting=0)

    def broken() -> None:
        raise RuntimeError("search exploded")

    assert pool.submit(broken)
    assert pool.stop(timeout=10)
    assert "work on the test pool failed" in caplog.text and "search exploded" in caplog.text


def test_stopping_drops_the_work_not_started_and_waits_for_the_work_running():
    held = Held()
    lanes = Lanes(WorkPool("slow", workers=1, waiting=2), WorkPool("quick", workers=1, waiting=0))
    assert all(lanes.submit(lambda n=n: held.work(n), slow=True) for n in range(3))
    held.started.acquire()  # the first runs, two wait

    assert not lanes.stop(timeout=0)  # still running: the app's stop goes on without it
    assert not lanes.submit(lambda: held.work(9), slow=False)  # no new work once stopping
    held.go.set()
    assert lanes.stop(timeout=10)
    assert held.done == [0]  # the two waiting were dropped, never half run
