"""Which dispatch worker a wake starts, and that a wake is never lost."""

from __future__ import annotations

import asyncio

from notifications.service_layer.wakeups import Wakeups
from tests.fixtures.services import eventually


async def asleep(wakeups: Wakeups, n: int) -> None:
    await eventually(lambda: wakeups.idle >= n, within=30, every=0.001)


async def test_a_wake_starts_one_sleeping_worker_not_all() -> None:
    wakeups = Wakeups(workers=3, poll_interval_s=3600)
    waits = [asyncio.create_task(wakeups.wait(n)) for n in range(3)]
    await asleep(wakeups, 3)

    wakeups.wake()
    done, sleeping = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)

    assert len(done) == 1
    assert wakeups.idle == 2
    for task in sleeping:
        task.cancel()
    await asyncio.gather(*sleeping, return_exceptions=True)


async def test_a_wake_while_every_worker_is_busy_runs_the_next_round_at_once() -> None:
    wakeups = Wakeups(workers=2, poll_interval_s=3600)
    wakeups.wake()  # nobody asleep: every worker is mid-round

    # The first to finish its round does not go to sleep.
    await asyncio.wait_for(wakeups.wait(1), timeout=30)
    assert wakeups.idle == 0


async def test_only_worker_zero_polls() -> None:
    wakeups = Wakeups(workers=2, poll_interval_s=0.01)
    await asyncio.wait_for(wakeups.wait(0), timeout=30)  # returns on the poll
    other = asyncio.create_task(wakeups.wait(1))
    await asleep(wakeups, 1)
    await asyncio.wait_for(wakeups.wait(0), timeout=30)  # polls again ...
    assert not other.done()  # ... while worker 1 sleeps until woken
    wakeups.wake()
    await asyncio.wait_for(other, timeout=30)
