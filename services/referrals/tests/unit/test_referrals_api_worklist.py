"""The worklist, referrer report and erasure routes: scope, filters, validation (fakes)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from referrals.domain.codes import Source, Status

from .api_support import Tokens, fields, gp_body, post


@pytest.fixture
async def two_areas(client: httpx.AsyncClient, auth: Tokens) -> list[str]:
    body = gp_body(given_name="Bea", nhs_number=None)
    body["area"] = "bradford"
    made = [await post(client, auth()), await post(client, auth(areas=("bradford",)), body)]
    assert [m.status_code for m in made] == [201, 201]
    return [m.json()["id"] for m in made]


async def test_coordinators_see_their_areas_with_names(
    client: httpx.AsyncClient, auth: Tokens, two_areas: list[str], uow: Any
) -> None:
    response = await client.get("/referrals", headers=auth())
    assert response.status_code == 200, response.text
    page = response.json()
    assert [i["referral"]["id"] for i in page["items"]] == [two_areas[0]]
    assert (page["total"], page["limit"], page["offset"]) == (1, 50, 0)
    assert page["items"][0]["referral"]["person"]["given_name"] == "Philippa"
    assert uow.queries.asked[-1].areas == ("leeds",)


async def test_ops_see_every_area_without_personal_data(
    client: httpx.AsyncClient, auth: Tokens, two_areas: list[str]
) -> None:
    response = await client.get("/referrals", headers=auth("ops", ("*",)))
    items = response.json()["items"]
    assert {i["referral"]["id"] for i in items} == set(two_areas)
    assert all(i["referral"]["person"] is None for i in items)
    assert "Philippa" not in response.text


async def test_filters_reach_the_query(client: httpx.AsyncClient, auth: Tokens, uow: Any) -> None:
    query = (
        "status=accepted&area=leeds&source=gp&ods_code=b82005&received_from=2026-03-01"
        "&received_to=2026-03-31&overdue=true&sort=newest&limit=10&offset=20"
    )
    response = await client.get(f"/referrals?{query}", headers=auth())
    assert response.status_code == 200, response.text
    q = uow.queries.asked[-1]
    assert (q.status, q.source, q.ods_code, q.overdue) == (
        Status.ACCEPTED,
        Source.GP,
        "B82005",
        True,
    )
    assert q.received_from == datetime(2026, 3, 1, tzinfo=UTC)
    # "To 31 March" runs to midnight in London, which by then is BST: 23:00 UTC.
    assert q.received_before == datetime(2026, 3, 31, 23, tzinfo=UTC)
    assert (q.longest_waiting_first, q.limit, q.offset) == (False, 10, 20)
    assert q.overdue_before is not None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=lost", "status"),
        ("limit=0", "limit"),
        ("limit=500", "limit"),
        ("offset=-1", "offset"),
        ("received_from=2026-02-30", "received_from"),
        ("received_from=2026-03-02&received_to=2026-03-01", "received_to"),
        ("ods_code=B8-2005", "ods_code"),
        ("sort=alphabetical", "sort"),
    ],
)
async def test_bad_filters_name_the_field(
    client: httpx.AsyncClient, auth: Tokens, query: str, field: str
) -> None:
    response = await client.get(f"/referrals?{query}", headers=auth())
    assert response.status_code == 422, response.text
    assert fields(response) == [field]


async def test_worklist_access(client: httpx.AsyncClient, auth: Tokens) -> None:
    assert (await client.get("/referrals")).status_code == 401
    gp = await client.get("/referrals", headers=auth("referrer", ods_code="B82005"))
    assert gp.status_code == 403
    other = await client.get("/referrals?area=bradford", headers=auth())
    assert other.status_code == 403


async def test_referrer_counts(
    client: httpx.AsyncClient, auth: Tokens, two_areas: list[str]
) -> None:
    response = await client.get(
        "/referrers?from=2026-03-01&to=2026-03-31", headers=auth("ops", ("*",))
    )
    assert response.status_code == 200, response.text
    [practice] = response.json()
    assert (practice["ods_code"], practice["area"], practice["referrals"]) == ("B82005", "leeds", 2)
    empty = await client.get("/referrers?from=2025-01-01&to=2025-01-31", headers=auth())
    assert [p["referrals"] for p in empty.json()] == [0]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-03-01", "to"),
        ("from=2026-03-02&to=2026-03-01", "to"),
        ("to=x&from=2026-01-01", "to"),
    ],
)
async def test_referrer_period_is_checked(
    client: httpx.AsyncClient, auth: Tokens, query: str, field: str
) -> None:
    response = await client.get(f"/referrers?{query}", headers=auth())
    assert response.status_code == 422
    assert fields(response) == [field]


async def test_erasure_is_for_admins(
    client: httpx.AsyncClient, auth: Tokens, two_areas: list[str], uow: Any
) -> None:
    person_id = uow.referrals.by_id[uuid.UUID(two_areas[0])].person_id
    url = f"/people/{person_id}"
    assert (await client.delete(url, headers=auth())).status_code == 403
    admin = auth("admin", ("*",))
    first = await client.delete(url, headers=admin)
    assert first.status_code == 200
    assert first.json()["persons_tombstoned"] == [str(person_id)]
    again = await client.delete(url, headers=admin)
    assert again.status_code == 200
    assert (again.json()["persons_tombstoned"], again.json()["requested"]) == ([], [])
    assert (await client.delete(f"/people/{uuid.uuid4()}", headers=admin)).status_code == 404
    read = await client.get(f"/referrals/{two_areas[0]}", headers=auth())
    assert read.json()["person"] is None
    assert read.json()["erased"] is True


async def test_a_number_is_not_a_date_in_a_filter(client: httpx.AsyncClient, auth: Tokens) -> None:
    response = await client.get("/referrals?received_to=0", headers=auth())

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "received_to"
