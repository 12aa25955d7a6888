"""The groups routes, driven with records the contract vouches for, through `Routes.deliver`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

import pytest

from groups import events
from groups.config import Settings
from groups.entrypoints.consumers import build_routes
from groups.service_layer import placements
from groups.service_layer.context import Context, any_area
from t2t_shared.http.ratelimit import TokenBuckets
from t2t_shared.messaging.routes import Routes, UnknownEventVersion
from tests.fixtures.contract_records import contract_record

from .conftest import make_group, train
from .fakes import FakeUnitOfWork


@dataclass
class Wiring:
    """The composition root as the routes see it, over one fake unit of work."""

    ctx: Context
    unit: FakeUnitOfWork
    settings: Settings
    offers_limit: TokenBuckets

    def uow(self) -> FakeUnitOfWork:
        return self.unit


@pytest.fixture
def routes(uow: FakeUnitOfWork, ctx: Context) -> Routes:
    settings = Settings(database_url="postgresql://nobody@127.0.0.1:1/none")
    return build_routes(Wiring(ctx, uow, settings, TokenBuckets(1, 1)))


async def test_an_accepted_referral_is_offered_a_place(
    routes: Routes, uow: FakeUnitOfWork, ctx: Context
) -> None:
    group = await make_group(uow, ctx)
    referral = uuid.uuid4()
    record = contract_record(
        "t2t.referrals.ReferralAccepted.v1",
        ctx.topics,
        {"referral_id": str(referral), "area": "leeds", "postcode_district": "LS6",
         "format_preference": "in_person"},
    )  # fmt: skip

    assert await routes.deliver(record) is True

    placed = await placements.get(referral, uow, any_area)
    assert (placed.status.value, placed.group_id) == ("offered", group.id)
    [offer] = uow.outbox.of(events.PlaceOffered)
    assert offer.referral_id == referral
    # The envelope's id is what the inbox claimed: the same record again changes nothing.
    assert await routes.deliver(record) is True
    assert len(uow.outbox.of(events.PlaceOffered)) == 1


async def test_volunteer_news_of_every_kind_reaches_the_roster(
    routes: Routes, uow: FakeUnitOfWork, ctx: Context
) -> None:
    volunteer = await train(uow, ctx)
    news = {"volunteer_id": str(volunteer), "area": "leeds"}

    await routes.deliver(contract_record("t2t.volunteers.VolunteerPaused.v1", ctx.topics, news))
    paused = await uow.facilitators.get(volunteer)
    assert paused is not None
    assert paused.paused

    await routes.deliver(contract_record("t2t.volunteers.VolunteerResumed.v1", ctx.topics, news))
    await routes.deliver(contract_record("t2t.volunteers.VolunteerLeft.v1", ctx.topics, news))
    left = await uow.facilitators.get(volunteer)
    assert left is not None
    assert (left.paused, left.left) == (False, True)


async def test_a_new_major_version_of_a_handled_event_is_refused(
    routes: Routes, ctx: Context
) -> None:
    record = contract_record("t2t.referrals.ReferralClosed.v1", ctx.topics)
    assert record.ce is not None
    later = replace(record, ce=replace(record.ce, type="t2t.referrals.ReferralClosed.v2"))
    with pytest.raises(UnknownEventVersion):
        await routes.deliver(later)
