"""One batch is applied while the next is read; a failure rewinds both."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import TopicPartition

from ops.adapters.batch_pipeline import BatchPipeline

A, B = TopicPartition("t2t.referrals.events", 0), TopicPartition("t2t.groups.events", 1)


async def test_batches_are_applied_one_after_another_in_order() -> None:
    applied: list[int] = []
    gate = asyncio.Event()

    async def apply(n: int) -> None:
        await gate.wait()
        applied.append(n)

    pipeline = BatchPipeline(lambda tp, offset: None)
    await pipeline.submit(apply(1), {A: 0})
    assert not pipeline.idle
    gate.set()
    await pipeline.submit(apply(2), {A: 10})
    assert applied == [1]
    await pipeline.settle()
    assert (applied, pipeline.idle) == ([1, 2], True)


async def test_a_failed_batch_and_the_one_read_since_are_read_again() -> None:
    seeks: dict[TopicPartition, int] = {}

    async def fails() -> None:
        raise ConnectionError("database gone")

    async def never() -> None:
        raise AssertionError("a batch after a failure must not be applied")

    pipeline = BatchPipeline(seeks.__setitem__)
    await pipeline.submit(fails(), {A: 100})
    with pytest.raises(ConnectionError):
        await pipeline.submit(never(), {A: 150, B: 7})
    assert seeks == {A: 100, B: 7}
    assert pipeline.idle
