"""Apply one batch to the read models while the next is fetched and decoded.

The database works on batch N while this process reads and decodes batch N+1: on two
cores that overlaps most of the two. Batches are still applied one at a time and in
order. When applying fails, neither batch was stored: both are read again from their
first offsets.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from aiokafka import TopicPartition

Seek = Callable[[TopicPartition, int], None]


class BatchPipeline:
    def __init__(self, seek: Seek) -> None:
        self._seek = seek
        self._task: asyncio.Future[None] | None = None
        self._firsts: Mapping[TopicPartition, int] = {}

    @property
    def idle(self) -> bool:
        return self._task is None

    async def submit(
        self, apply: Coroutine[Any, Any, None], firsts: Mapping[TopicPartition, int]
    ) -> None:
        """Wait for the previous batch, then start applying this one (`firsts`: where it began)."""
        try:
            await self.settle(also=firsts)
        except BaseException:
            apply.close()  # never started: this batch is read again too
            raise
        self._task, self._firsts = asyncio.ensure_future(apply), firsts

    async def settle(self, also: Mapping[TopicPartition, int] | None = None) -> None:
        """Wait until the batch being applied is stored; on failure rewind it (and `also`)."""
        task, firsts = self._task, self._firsts
        self._task, self._firsts = None, {}
        if task is None:
            return
        try:
            await task
        except BaseException:
            # The failed batch began earlier than the one read since, on a shared partition.
            for tp, offset in {**(also or {}), **firsts}.items():
                self._seek(tp, offset)
            raise
