"""Dispatchers on the real database: woken in-process, and two replicas sharing the work."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
import sqlalchemy as sa

from notifications.adapters import orm
from notifications.bootstrap import Container, bootstrap
from notifications.config import Settings
from notifications.domain.model import Status
from tests.fixtures.services import Infra, eventually, unique_prefix

from .stored import Clock, pending, person, store
from .test_dispatcher import FakeProvider

pytestmark = pytest.mark.integration


@asynccontextmanager
async def dispatching(*containers: Container) -> AsyncIterator[None]:
    """Each container's dispatcher running, as in a serving replica; drained at the end."""
    runs = [asyncio.create_task(c.dispatcher.run()) for c in containers]
    try:
        yield
    finally:
        for run in runs:
            run.cancel()
        await asyncio.gather(*runs, return_exceptions=True)
        for c in containers:
            await c.dispatcher.close()
            await c.runtime.engine.dispose()


async def statuses(container: Container) -> dict[str, int]:
    n = orm.notifications
    async with container.uow() as uow:
        rows = (
            await uow.session.execute(sa.select(n.c.status, sa.func.count()).group_by(n.c.status))
        ).all()
    return {status: count for status, count in rows}


async def test_a_message_due_now_is_sent_when_the_dispatcher_is_woken(infra: Infra) -> None:
    url = await infra.migrated_database("notifications")
    # A poll so slow it never comes during the test: only the wake can start the round.
    config = Settings(**infra.settings_kwargs(url, unique_prefix()), dispatch_poll_interval_s=3600)
    provider, clock = FakeProvider(), Clock()
    c = bootstrap(config, email=provider, sms=provider, clock=clock)
    async with dispatching(c):
        # Every worker has had its first look (nothing due) and sleeps.
        await eventually(lambda: c.dispatcher.idle_workers == config.dispatch_workers)
        sam = person()
        note = pending(sam, clock())
        await store(c, [sam], note)
        c.dispatcher.wake()

        async def sent() -> bool:
            return (await statuses(c)).get(Status.SENT.value) == 1

        await eventually(sent)
        assert [m.reference for m in provider.sent] == [str(note.id)]


async def test_two_replicas_share_the_due_messages_and_send_each_once(infra: Infra) -> None:
    url = await infra.migrated_database("notifications")
    config = Settings(
        **infra.settings_kwargs(url, unique_prefix()),
        dispatch_batch_size=5,
        sends_per_recipient_per_day=0,  # the people share an address here
    )
    clock = Clock()
    # Slow enough that one replica's rounds cannot take everything before the other looks.
    first, second = FakeProvider(delay=0.05), FakeProvider(delay=0.05)
    a = bootstrap(config, email=first, sms=first, clock=clock)
    b = bootstrap(config, email=second, sms=second, clock=clock)
    people = [person() for _ in range(80)]
    notes = [pending(p, clock()) for p in people]
    await store(a, people, *notes)

    async with dispatching(a, b):
        a.dispatcher.wake()
        b.dispatcher.wake()

        async def all_sent() -> bool:
            return (await statuses(a)).get(Status.SENT.value) == len(notes)

        await eventually(all_sent, within=60)
        references = [m.reference for m in first.sent + second.sent]
        assert sorted(references) == sorted(str(n.id) for n in notes)  # each exactly once
        # and both replicas sent some
        assert first.sent
        assert second.sent
