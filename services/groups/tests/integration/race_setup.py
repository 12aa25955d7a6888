"""Setting up racing placements on the real database: open groups, accepted referrals."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from groups.bootstrap import Container
from groups.consumed_events import FacilitatorTrained, ReferralAccepted, ReferralClosed
from groups.domain.commands import CreateGroup
from groups.domain.model import Format, Group, Venue
from groups.domain.schedule import Frequency, Schedule
from groups.service_layer import group_lifecycle, roster
from groups.service_layer.context import any_area
from t2t_shared.kernel.event_meta import EventMeta
from tests.fixtures.contract_payloads import consumed, consumed_example

NOW = datetime.now(UTC)


def meta(ce_type: str) -> EventMeta:
    return EventMeta(id=str(uuid.uuid4()), source="/t2t/dev/test", type=ce_type)


async def open_group(
    c: Container,
    area: str,
    capacity: int,
    *,
    format_: Format = Format.IN_PERSON,
    postcode: str = "LS5 3BQ",
    name: str = "Kirkstall Wednesdays",
) -> Group:
    volunteer_id = uuid.uuid4()
    trained = consumed(
        FacilitatorTrained,
        "t2t.volunteers.FacilitatorTrained.v1",
        {
            "volunteer_id": volunteer_id,
            "area": area,
            "course": "core_facilitator",
            "completed_at": NOW,
            "valid_until": date.today() + timedelta(days=365),
        },
    )
    await roster.on_facilitator_trained(trained, meta("trained"), c.uow(), c.ctx)
    online = format_ is Format.ONLINE
    group = await group_lifecycle.create_group(
        CreateGroup(
            name=name,
            area=area,
            format=format_,
            schedule=Schedule(Frequency.WEEKLY, 2, time(10, 0), 90, date.today()),
            capacity=capacity,
            venue=None if online else Venue(name, "A street, Leeds", postcode),
            joining_link="https://meet.example.org/t2t" if online else None,
            facilitator_ids=[volunteer_id],
        ),
        c.uow(),
        c.ctx,
    )
    return await group_lifecycle.open_group(group.id, c.uow(), c.ctx, any_area)


def accepted(
    area: str,
    minutes_ago: float,
    preference: Format | None = None,
    district: str = "LS5",
) -> ReferralAccepted:
    return consumed(
        ReferralAccepted,
        "t2t.referrals.ReferralAccepted.v1",
        {
            "referral_id": uuid.uuid4(),
            "person_id": uuid.uuid4(),
            "area": area,
            "source": "gp",
            "postcode_district": district,
            "format_preference": preference,
            "received_at": NOW - timedelta(minutes=minutes_ago),
            "accepted_at": NOW,
        },
    )


def closed(referral_id: uuid.UUID, outcome: str = "declined_by_person") -> ReferralClosed:
    return consumed_example(
        ReferralClosed, "t2t.referrals.ReferralClosed.v1", referral_id=referral_id, outcome=outcome
    )
