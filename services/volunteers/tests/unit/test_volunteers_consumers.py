"""The volunteers routes, driven with records the contract vouches for, through `deliver`."""

from __future__ import annotations

import uuid

import pytest

from t2t_shared.messaging.failures import PermanentHandlerError
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from tests.fixtures.contract_records import contract_record
from volunteers import events
from volunteers.domain.stages import Stage
from volunteers.entrypoints.consumers import build_routes

from . import factories as f
from .conftest import FakeContainer, FakeUnitOfWork
from .factories import NOW

ASSIGNED = "t2t.groups.FacilitatorAssigned.v1"


@pytest.fixture
def routes(container: FakeContainer) -> Routes:
    return build_routes(container)


async def test_an_assignment_activates_a_trained_volunteer(
    routes: Routes, container: FakeContainer, uow: FakeUnitOfWork
) -> None:
    volunteer, group = uow.volunteers.put(f.trained()), uuid.uuid4()
    record = contract_record_for(container, volunteer.id, group)

    assert await routes.deliver(record) is True

    [activated] = uow.outbox.of_type(events.VolunteerActivated)
    assert (activated.group_id, activated.activated_at) == (group, NOW)
    assert uow.volunteers.stored[volunteer.id].stage is Stage.ACTIVE
    assert record.ce is not None
    assert uow.inbox.claimed == {(record.ce.source, record.ce.id)}


async def test_an_assignment_of_someone_who_may_not_lead_is_refused_for_good(
    routes: Routes, container: FakeContainer, uow: FakeUnitOfWork
) -> None:
    volunteer = uow.volunteers.put(f.paused())

    with pytest.raises(PermanentHandlerError, match="cannot lead"):
        await routes.deliver(contract_record_for(container, volunteer.id, uuid.uuid4()))
    assert uow.outbox.events == []


def contract_record_for(
    container: FakeContainer, volunteer: uuid.UUID, group: uuid.UUID
) -> ReceivedEvent:
    changes = {"volunteer_id": str(volunteer), "group_id": str(group), "area": "leeds"}
    return contract_record(ASSIGNED, container.topics, changes, subject=str(group))
