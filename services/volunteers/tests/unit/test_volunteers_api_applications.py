"""POST /applications over a fake container: validation, rate limit, what is published."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from volunteers.contacts import VolunteerContact
from volunteers.events import VolunteerApplied

from .api_support import APPLICATION, application, errors
from .conftest import FakeUnitOfWork


async def test_a_valid_application_is_recorded(
    client: httpx.AsyncClient, uow: FakeUnitOfWork
) -> None:
    response = await client.post("/applications", json=APPLICATION)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "applied"
    volunteer = uow.volunteers.stored[uuid.UUID(body["volunteer_id"])]
    assert volunteer.applicant is not None
    assert volunteer.applicant.mobile == "+447700900123"
    assert [type(e) for _, e in uow.outbox.events] == [VolunteerContact, VolunteerApplied]
    assert "Philippa" not in response.text  # a public form echoes nothing back


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"lived_experience": False}, "lived_experience", "must live with type 2 diabetes"),
        ({"consent_to_contact": False}, "consent_to_contact", "consent"),
        ({"email": "not-an-address"}, "email", "not a valid email address"),
        ({"mobile": "0113 496 0000"}, "mobile", "not a UK mobile number"),
        ({"mobile": "+33 6 12 34 56 78"}, "mobile", "not a valid UK mobile number"),
        ({"mobile": None}, "mobile", "mobile is required when preferred_channel is sms"),
        ({"availability": []}, "availability", "at least 1"),
        (
            {"availability": [{"day": "tuesday", "part_of_day": "evening"}] * 2},
            "availability",
            "each day and part of day once",
        ),
        (
            {"availability": [{"day": "someday", "part_of_day": "evening"}]},
            "availability.0.day",
            "",
        ),
        ({"motivation": "x" * 2001}, "motivation", "at most 2000"),
        ({"given_name": ""}, "given_name", "at least 1"),
        ({"area": "atlantis"}, "area", "unknown area 'atlantis'"),
        ({"favourite_colour": "blue"}, "favourite_colour", "Extra inputs are not permitted"),
    ],
)
async def test_bad_input_names_the_field_and_the_reason(
    client: httpx.AsyncClient,
    uow: FakeUnitOfWork,
    changes: dict[str, Any],
    field: str,
    reason: str,
) -> None:
    response = await client.post("/applications", json=application(**changes))

    assert response.status_code == 422, response.text
    assert reason in errors(response)[field]
    assert uow.commits == 0


async def test_the_drama_range_is_accepted_on_purpose(client: httpx.AsyncClient) -> None:
    response = await client.post("/applications", json=application(mobile="07700 900999"))

    assert response.status_code == 201


async def test_email_is_enough_when_email_is_preferred(client: httpx.AsyncClient) -> None:
    body = application(preferred_channel="email", mobile=None)

    assert (await client.post("/applications", json=body)).status_code == 201


async def test_validation_errors_do_not_echo_personal_data(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/applications", json=application(email="philippa@@example", mobile="12345")
    )

    assert response.status_code == 422
    assert "philippa" not in response.text
    assert "12345" not in response.text


async def test_too_many_applications_from_one_address_get_429(client: httpx.AsyncClient) -> None:
    statuses = [
        (await client.post("/applications", json=APPLICATION)).status_code for _ in range(4)
    ]

    assert statuses == [201, 201, 201, 429]  # burst of 3 in the test settings
    last = await client.post("/applications", json=APPLICATION)
    assert int(last.headers["Retry-After"]) > 0
