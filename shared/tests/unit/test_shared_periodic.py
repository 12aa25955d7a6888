"""Periodic jobs keep running after a failure and stop when closed."""

from __future__ import annotations

import asyncio

from t2t_shared.periodic import Periodic


async def test_a_failing_run_does_not_stop_the_next_and_close_stops_it() -> None:
    runs: list[int] = []
    third_run = asyncio.Event()

    async def job() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("database blinked")
        if len(runs) == 3:
            third_run.set()

    periodic = Periodic("sweep", 0.01, job)
    task = asyncio.create_task(periodic.run())
    await asyncio.wait_for(third_run.wait(), timeout=1)
    await periodic.close()
    await asyncio.wait_for(task, timeout=1)
    assert len(runs) >= 3
