"""A cap on sends to one address a day (T2T_SENDS_PER_RECIPIENT_PER_DAY).

The public forms let anyone name an email or a mobile; without a cap, a script could make
the charity's sender write to a stranger again and again, each time as a "new" person. The
cap counts what went to the address, whichever person record it belongs to. A send over
the cap is cancelled (status `cancelled`, reason kept on the row), publishes nothing, and so
never counts as a failed contact attempt; practices and coordinators are not capped.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

import notifications
from notifications.domain.model import RecipientKind, Status
from tests.fixtures.services import Infra

from .stored import Clock, fetch, pending, person, published, store, stored_container
from .test_dispatcher import FakeProvider

pytestmark = pytest.mark.integration
CAP = 3
TEMPLATES = Path(notifications.__file__).parent / "templates"


async def test_sends_over_the_cap_to_one_address_are_cancelled_without_an_event(
    infra: Infra,
) -> None:
    clock, provider = Clock(), FakeProvider()
    async with stored_container(
        infra, email=provider, sms=provider, clock=clock, sends_per_recipient_per_day=CAP
    ) as c:
        # Five "people" with the same address, as five forged self-referrals would be.
        people = [person(email="target@example.org") for _ in range(5)]
        notes = [pending(p, clock()) for p in people]
        await store(c, people, *notes)

        await c.dispatcher.dispatch_due()

        statuses = [(await fetch(c, n.id))[0] for n in notes]
        assert sum(n.status is Status.SENT for n in statuses) == CAP
        capped = [n for n in statuses if n.status is Status.CANCELLED]
        assert len(capped) == 2
        assert all(n.last_error == "daily send cap reached" for n in capped)
        assert len(provider.sent) == CAP
        events = [ce_type for ce_type, _ in await published(c)]
        assert events == ["t2t.notifications.NotificationSent.v1"] * CAP, "no failure event"


async def test_the_cap_counts_the_last_day_and_then_lets_sends_through(infra: Infra) -> None:
    clock, provider = Clock(), FakeProvider()
    async with stored_container(
        infra, email=provider, sms=provider, clock=clock, sends_per_recipient_per_day=CAP
    ) as c:
        sam = person(email="sam.cap@example.org")
        await store(c, [sam], *[pending(sam, clock()) for _ in range(CAP)])
        await c.dispatcher.dispatch_due()

        clock.advance(3600)
        late = pending(sam, clock())
        await store(c, [], late)
        await c.dispatcher.dispatch_due()
        assert (await fetch(c, late.id))[0].status is Status.CANCELLED

        clock.advance(24 * 3600)
        tomorrow = pending(sam, clock())
        await store(c, [], tomorrow)
        await c.dispatcher.dispatch_due()
        assert (await fetch(c, tomorrow.id))[0].status is Status.SENT


async def test_other_addresses_and_practices_are_not_held_back(infra: Infra) -> None:
    clock, provider = Clock(), FakeProvider()
    async with stored_container(
        infra, email=provider, sms=provider, clock=clock, sends_per_recipient_per_day=1
    ) as c:
        practice = person(kind=RecipientKind.REFERRER.value, email="practice@nhs.example")
        someone = person(email=f"{uuid.uuid4().hex}@example.org")
        receipt = {
            "template": "referral_receipt_referrer",
            "cause_type": "t2t.referrals.ReferralReceived.v2",
            "data": json.loads((TEMPLATES / "referral_receipt_referrer.sample.json").read_text()),
        }
        notes = [pending(practice, clock(), **receipt) for _ in range(4)]
        notes.append(pending(someone, clock()))
        await store(c, [practice, someone], *notes)

        await c.dispatcher.dispatch_due()

        got = [(await fetch(c, n.id))[0] for n in notes]
        assert [(g.status, g.last_error) for g in got] == [(Status.SENT, None)] * 5


async def test_without_a_cap_setting_of_zero_nothing_is_capped(infra: Infra) -> None:
    clock, provider = Clock(), FakeProvider()
    async with stored_container(
        infra, email=provider, sms=provider, clock=clock, sends_per_recipient_per_day=0
    ) as c:
        people = [person(email="uncapped@example.org") for _ in range(4)]
        notes = [pending(p, clock()) for p in people]
        await store(c, people, *notes)

        await c.dispatcher.dispatch_due()

        assert [(await fetch(c, n.id))[0].status for n in notes] == [Status.SENT] * 4
