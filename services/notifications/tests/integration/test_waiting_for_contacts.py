"""Events waiting for two contact records that arrive at once: planned once, no deadlock."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest

from notifications.service_layer import handlers
from notifications.service_layer.rules import RULES
from t2t_shared.kernel.event_meta import EventMeta
from tests.fixtures.services import Infra

from . import upstream
from .stored import stored_container

pytestmark = pytest.mark.integration
RECEIVED = RULES["t2t.referrals.ReferralReceived.v1"]


async def test_both_contact_records_at_once_plan_each_waiting_event_once(infra: Infra) -> None:
    async with stored_container(infra) as c:
        pairs = [(uuid.uuid4(), uuid.uuid4()) for _ in range(15)]
        for person, referrer in pairs:
            event = upstream.received(
                1,
                referral_id=uuid.uuid4(),
                person_id=person,
                reference_code="T2T-1",
                area="leeds",
                referrer_id=referrer,
                consent_to_contact=True,
                received_at=datetime.now(UTC),
            )
            meta = EventMeta(str(uuid.uuid4()), "/t2t/dev/referrals", RECEIVED.ce_type)
            assert await handlers.on_event(RECEIVED, event, meta, c.uow(), c.planning) == 0

        async def person(p: uuid.UUID) -> int:
            contact = upstream.person_contact(p)
            return await handlers.record_contact(contact, c.uow(), c.planning)

        async def referrer(r: uuid.UUID) -> int:
            contact = upstream.referrer_contact(r)
            return await handlers.record_contact(contact, c.uow(), c.planning)

        # Each pair's two records handled side by side, as two partitions would.
        planned = await asyncio.gather(*(f for p, r in pairs for f in (person(p), referrer(r))))
        assert sum(planned) == 2 * len(pairs)
        async with c.uow() as uow:
            left = await uow.waiting.take_waiting_for(pairs[0][0])
        assert left == []
