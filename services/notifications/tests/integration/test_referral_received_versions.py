"""ReferralReceived v1 and v2 during the deprecation window: whichever copy comes first is
acted on, the other is skipped, and v2's missing reference code comes from the restricted
contacts topic (PersonContact.reference_code)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from notifications.adapters import orm
from notifications.bootstrap import Container
from notifications.service_layer import handlers
from notifications.service_layer.rules import RULES
from t2t_shared.kernel.event_meta import EventMeta
from tests.fixtures.services import Infra

from . import upstream
from .stored import stored_container

pytestmark = pytest.mark.integration
V1 = RULES["t2t.referrals.ReferralReceived.v1"]
V2 = RULES["t2t.referrals.ReferralReceived.v2"]
ACCEPTED = RULES["t2t.referrals.ReferralAccepted.v1"]
SOURCE = "/t2t/dev/referrals"
CODE = "T2T-7QW3RX"


def received(referral: uuid.UUID, person: uuid.UUID, referrer: uuid.UUID, **extra: Any) -> Any:
    # v1 is the copy with the reference code; v2 has none.
    return upstream.received(
        1 if "reference_code" in extra else 2,
        referral_id=referral,
        person_id=person,
        area="leeds",
        referrer_id=referrer,
        ods_code="B82005",
        consent_to_contact=extra.pop("consent", True),
        received_at=datetime.now(UTC),
        **extra,
    )


async def deliver(c: Container, rule: Any, event: Any) -> int:
    meta = EventMeta(str(uuid.uuid4()), SOURCE, rule.ce_type)
    return await handlers.on_event(rule, event, meta, c.uow(), c.planning)


async def contacts(c: Container, person: uuid.UUID, referrer: uuid.UUID, code: str | None) -> int:
    planned = await handlers.record_contact(
        upstream.referrer_contact(referrer),
        c.uow(),
        c.planning,
    )
    return planned + await handlers.record_contact(
        upstream.person_contact(person, reference_code=code),
        c.uow(),
        c.planning,
    )


async def planned(c: Container, referral: uuid.UUID) -> dict[str, list[str]]:
    """Template -> the reference codes its notifications about this referral quote."""
    t = orm.notifications
    async with c.runtime.engine.connect() as conn:
        rows = (await conn.execute(sa.select(t.c.template, t.c.data).where(
            t.c.subject_id == str(referral)
        ))).all()  # fmt: skip
    found: dict[str, list[str]] = {}
    for template, data in rows:
        found.setdefault(template, []).append(data.get("reference_code"))
    return found


async def test_v2_waits_for_the_reference_and_the_v1_copy_is_skipped(infra: Infra) -> None:
    async with stored_container(infra) as c:
        referral, person, referrer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

        assert await deliver(c, V2, received(referral, person, referrer)) == 0
        assert await contacts(c, person, referrer, CODE) == 2
        assert await deliver(c, V1, received(referral, person, referrer, reference_code=CODE)) == 0

        assert await planned(c, referral) == {
            "referral_acknowledgement": [CODE],
            "referral_receipt_referrer": [CODE],
        }


async def test_with_the_contact_record_first_v2_plans_at_once(infra: Infra) -> None:
    async with stored_container(infra) as c:
        referral, person, referrer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        assert await contacts(c, person, referrer, CODE) == 0

        assert await deliver(c, V2, received(referral, person, referrer)) == 2
        accepted = upstream.accepted(
            referral_id=referral, person_id=person, area="leeds", accepted_at=datetime.now(UTC)
        )
        assert await deliver(c, ACCEPTED, accepted) == 2

        found = await planned(c, referral)
        assert found["referral_accepted"] == [CODE]
        assert found["referral_outcome_referrer"] == [CODE]


async def test_the_practice_receipt_waits_for_the_reference_even_without_consent(
    infra: Infra,
) -> None:
    async with stored_container(infra) as c:
        referral, person, referrer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        await handlers.record_contact(
            upstream.referrer_contact(referrer),
            c.uow(),
            c.planning,
        )

        assert await deliver(c, V2, received(referral, person, referrer, consent=False)) == 0
        assert (
            await handlers.record_contact(
                upstream.person_contact(person, consent_to_contact=False, reference_code=CODE),
                c.uow(),
                c.planning,
            )
            == 1
        )

        assert await planned(c, referral) == {"referral_receipt_referrer": [CODE]}


async def test_a_v1_from_an_older_publisher_is_acted_on_and_its_v2_copy_skipped(
    infra: Infra,
) -> None:
    async with stored_container(infra) as c:
        referral, person, referrer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        await contacts(c, person, referrer, None)

        assert await deliver(c, V1, received(referral, person, referrer, reference_code=CODE)) == 2
        assert await deliver(c, V2, received(referral, person, referrer)) == 0

        assert await planned(c, referral) == {
            "referral_acknowledgement": [CODE],
            "referral_receipt_referrer": [CODE],
        }


async def test_the_skipped_copy_is_recorded_as_handled_without_a_transaction_of_its_own(
    infra: Infra,
) -> None:
    """The copy skipped is asked about before any transaction; its ce_id is still recorded,
    so a redelivery (after an erasure deleted the referral's facts) is not acted on."""
    async with stored_container(infra) as c:
        referral, person, referrer = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        await contacts(c, person, referrer, CODE)
        assert await deliver(c, V2, received(referral, person, referrer)) == 2
        copy = EventMeta(str(uuid.uuid4()), SOURCE, V1.ce_type)
        v1 = received(referral, person, referrer, reference_code=CODE)

        assert await handlers.on_event(V1, v1, copy, c.uow(), c.planning) == 0

        inbox = orm.processed_messages
        async with c.runtime.engine.connect() as conn:
            recorded = (
                await conn.execute(
                    sa.select(sa.func.count()).where(
                        inbox.c.ce_source == SOURCE, inbox.c.ce_id == copy.id
                    )
                )
            ).scalar_one()
        assert recorded == 1
        async with c.uow() as uow:
            assert not await uow.inbox.claim(SOURCE, copy.id)
