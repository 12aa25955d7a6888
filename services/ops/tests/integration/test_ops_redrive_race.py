"""Two redrives racing for the same dead letter over the real database: only one sends it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from ops.adapters.audit import SqlAuditLog
from ops.adapters.records import dead_letter_of
from ops.domain.dlq import DeadLetter, DeadLetters
from ops.service_layer.redrive import AlreadyRedriven, RedriveRequest, redrive
from services.ops.tests.synthetic import Catalogue, dead_letter
from t2t_shared.db import create_engine, session_factory
from tests.fixtures.services import Infra, eventually

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
LETTER_ID = "t2t.notifications.dlq:0:7"


def letter() -> DeadLetter:
    event = Catalogue().referral(area="leeds")[0]
    record = dead_letter(event, consumer="notifications", error="boom", prefix="t2t.")
    return dead_letter_of(
        dlq_topic=record.topic,
        partition=0,
        offset=7,
        key=record.key,
        value=record.value,
        headers=record.headers,
        time=NOW,
    )


pytestmark = pytest.mark.integration


class SlowPublisher:
    """Holds the first publish until released, so the second redrive runs meanwhile."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.entered = asyncio.Event()
        self.release = asyncio.Event()

    async def publish(
        self, topic: str, key: bytes | None, value: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        self.entered.set()
        await self.release.wait()
        self.sent.append(topic)


async def test_racing_redrives_of_one_letter_send_it_once(infra: Infra) -> None:
    url = await infra.migrated_database("ops")
    engine = create_engine(url.replace("postgresql://", "postgresql+asyncpg://"))
    audit = SqlAuditLog(session_factory(engine))
    publisher = SlowPublisher()
    # Two replicas (or the page and the CLI), each with its own view of the DLQ.
    views = [DeadLetters(), DeadLetters()]
    for view in views:
        view.add(letter())
    request = RedriveRequest(ids=[LETTER_ID], dry_run=False)

    async def attempt(view: DeadLetters, actor: str) -> str:
        try:
            await redrive(
                request,
                letters=view,
                publisher=publisher,
                audit=audit,
                actor=actor,
                role="ops",
                now=NOW,
            )
        except AlreadyRedriven:
            return "refused"
        return "sent"

    racing = [asyncio.create_task(attempt(v, f"ops-{i}")) for i, v in enumerate(views)]
    await publisher.entered.wait()  # one holds its audit row uncommitted while it publishes

    async def other_waits_on_the_row() -> bool:
        async with engine.connect() as conn:
            waiting = await conn.scalar(
                sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND query LIKE 'INSERT INTO redrive_audit%'"
                )
            )
        return bool(waiting)

    await eventually(other_waits_on_the_row)
    publisher.release.set()
    outcomes = sorted(await asyncio.gather(*racing))
    await engine.dispose()
    assert outcomes == ["refused", "sent"]
    assert publisher.sent == ["t2t.referrals.events"]
    assert await audit.redriven() == {LETTER_ID}
