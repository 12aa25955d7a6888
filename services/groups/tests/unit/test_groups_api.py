"""The HTTP API over fakes: scoping, clear 4xx for every rule, 409 with the current state."""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest

from groups.config import Settings
from groups.entrypoints.app import create_app
from groups.service_layer.context import Context
from t2t_shared.auth import issue_token
from t2t_shared.topics import Topics
from tests.fixtures.services import signing_key

from .conftest import MovableClock, refer, train
from .fakes import FakeUnitOfWork

SECRET = signing_key()  # the session key the services trust

GROUP: dict[str, Any] = {
    "name": "Headingley Tuesdays",
    "area": "leeds",
    "format": "in_person",
    "venue": {"name": "Centre", "address": "8 Bennett Road, Leeds", "postcode": "ls6 3hn"},
    "schedule": {
        "frequency": "monthly",
        "weekday": 1,
        "week_of_month": -1,
        "start_time": "18:30",
        "duration_minutes": 90,
    },
    "capacity": 1,
}


def token(role: str = "coordinator", areas: tuple[str, ...] = ("leeds",)) -> dict[str, str]:
    jwt = issue_token(SECRET, role=role, areas=areas)  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {jwt}"}


COORDINATOR = token()


class StubRuntime:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.topics = Topics(settings.topic_prefix)

    async def readiness(self) -> dict[str, bool]:
        return {"database": True, "broker": True}

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        yield


class FakeContainer:
    def __init__(self, settings: Settings, ctx: Context, uow: FakeUnitOfWork) -> None:
        self.settings, self.ctx, self._uow = settings, ctx, uow
        self.runtime = StubRuntime(settings)
        self.workers: list[Any] = []

    def uow(self) -> FakeUnitOfWork:
        return self._uow


@pytest.fixture
async def client(uow: FakeUnitOfWork, ctx: Context) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(environment="test", areas=("leeds", "bradford"))
    app = create_app(FakeContainer(settings, ctx, uow))  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://groups") as http:
        yield http


def body(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(GROUP)
    data.update(changes)
    return data


def errors(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.status_code == 422, response.text
    return [(e["field"], e["type"]) for e in response.json()["errors"]]


async def test_tokens_and_areas_decide_who_may_do_what(client: httpx.AsyncClient) -> None:
    assert (await client.post("/groups", json=body())).status_code == 401
    other_area = await client.post("/groups", json=body(), headers=token(areas=("bradford",)))
    assert other_area.status_code == 403
    ops = await client.post("/groups", json=body(), headers=token("ops", ("*",)))
    assert ops.status_code == 403
    assert (await client.get("/groups", headers=token("ops", ("*",)))).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"venue": None}, "venue"),
        (
            {"format": "online", "venue": None, "joining_link": "http://meet.example"},
            "joining_link",
        ),
        ({"format": "online"}, "venue"),
        ({"venue": {**GROUP["venue"], "postcode": "LS6"}}, "venue.postcode"),
        ({"schedule": {**GROUP["schedule"], "week_of_month": 5}}, "schedule.week_of_month"),
        ({"schedule": {**GROUP["schedule"], "frequency": "weekly"}}, "schedule.week_of_month"),
        (
            {"schedule": {k: v for k, v in GROUP["schedule"].items() if k != "week_of_month"}},
            "schedule.week_of_month",
        ),
        ({"capacity": 0}, "capacity"),
    ],
)
async def test_bad_groups_are_refused_naming_the_field(
    client: httpx.AsyncClient, changes: dict[str, Any], field: str
) -> None:
    response = await client.post("/groups", json=body(**changes), headers=COORDINATOR)
    assert field in [f for f, _ in errors(response)]


async def test_an_unknown_area_and_an_unknown_facilitator_are_422(
    client: httpx.AsyncClient,
) -> None:
    unknown = await client.post("/groups", json=body(area="narnia"), headers=token(areas=("*",)))
    assert errors(unknown) == [("area", "unknown_area")]
    nobody = await client.post(
        "/groups", json=body(facilitator_ids=[str(uuid.uuid4())]), headers=COORDINATOR
    )
    assert errors(nobody) == [("facilitator_ids.0", "unknown_facilitator")]


async def test_a_group_from_planned_to_full_to_closed(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context, clock: MovableClock
) -> None:
    created = await client.post("/groups", json=body(), headers=COORDINATOR)
    assert created.status_code == 201, created.text
    group = created.json()
    assert group["venue"]["postcode"] == "LS6 3HN"
    assert group["schedule_text"] == "Monthly on the last Tuesday, 18:30\u201320:00"
    url = f"/groups/{group['id']}"
    no_leader = await client.post(f"{url}/open", headers=COORDINATOR)
    assert errors(no_leader) == [("facilitators", "no_eligible_facilitator")]
    volunteer = str(await train(uow, ctx))
    assigned = await client.post(
        f"{url}/facilitators", json={"volunteer_id": volunteer}, headers=COORDINATOR
    )
    assert assigned.json()["facilitator_ids"] == [volunteer]
    again = await client.post(
        f"{url}/facilitators", json={"volunteer_id": volunteer}, headers=COORDINATOR
    )
    assert again.status_code == 409
    assert (await client.post(f"{url}/open", headers=COORDINATOR)).json()["status"] == "open"
    reopened = await client.post(f"{url}/open", headers=COORDINATOR)
    assert (reopened.status_code, reopened.json()["current_state"]) == (409, "open")

    first, second = await refer(uow, ctx, hours_ago=2), await refer(uow, ctx, hours_ago=1)
    [listed] = (await client.get("/groups?area=leeds", headers=COORDINATOR)).json()
    assert (listed["status"], listed["offers_pending"], listed["free_places"]) == ("full", 1, 0)
    assert listed["waiting_list_length"] == 1
    waitlist = (await client.get("/areas/leeds/waitlist", headers=COORDINATOR)).json()
    assert [(w["position"], w["referral_id"]) for w in waitlist] == [(1, str(second.referral_id))]
    too_small = await client.patch(url, json={"capacity": 0}, headers=COORDINATOR)
    assert ("capacity", "greater_than_equal") in errors(too_small)

    accept = f"/placements/{first.referral_id}/accept"
    assert (await client.post(accept, headers=COORDINATOR)).json()["status"] == "member"
    twice = await client.post(accept, headers=COORDINATOR)
    assert (twice.status_code, twice.json()["current_state"]) == (409, "member")
    grown = await client.patch(url, json={"capacity": 2}, headers=COORDINATOR)
    assert (grown.json()["members"], grown.json()["offers_pending"]) == (1, 1)

    stats = (await client.get("/groups/stats?area=leeds", headers=COORDINATOR)).json()
    assert (stats["members"], stats["offers_pending"], stats["waiting"]) == (1, 1, 0)
    assert stats["groups_by_status"]["full"] == 1

    closed = await client.post(f"{url}/close", json={"reason": "ended"}, headers=COORDINATOR)
    assert closed.json()["status"] == "closed"
    closing_again = await client.post(f"{url}/close", json={"reason": "ended"}, headers=COORDINATOR)
    assert closing_again.json()["current_state"] == "closed"


async def test_the_register_names_the_line_that_is_not_a_member(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context, clock: MovableClock
) -> None:
    volunteer = str(await train(uow, ctx))
    created = await client.post(
        "/groups", json=body(facilitator_ids=[volunteer]), headers=COORDINATOR
    )
    group_id = created.json()["id"]
    await client.post(f"/groups/{group_id}/open", headers=COORDINATOR)
    member = await refer(uow, ctx)
    await client.post(f"/placements/{member.referral_id}/accept", headers=COORDINATOR)
    [session, *_] = (await client.get(f"/groups/{group_id}/sessions", headers=COORDINATOR)).json()
    clock.now = clock.now + timedelta(days=70)
    register = f"/sessions/{session['id']}/attendance"
    lines = [
        {"referral_id": str(member.referral_id), "attendance": "present"},
        {"referral_id": str(uuid.uuid4()), "attendance": "present"},
    ]
    refused = await client.put(register, json=lines, headers=COORDINATOR)
    assert errors(refused) == [("1.referral_id", "not_a_member")]
    bad_value = await client.put(
        register, json=[{**lines[0], "attendance": "late"}], headers=COORDINATOR
    )
    assert errors(bad_value)[0][0] == "0.attendance"
    taken = await client.put(register, json=lines[:1], headers=COORDINATOR)
    assert taken.json()["lines"][0]["first_attended"] is True
    read = (await client.get(register, headers=COORDINATOR)).json()
    assert read["lines"][0]["attendance"] == "present"


async def test_a_held_session_is_recorded_only_in_the_past(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    volunteer = str(await train(uow, ctx))
    created = await client.post(
        "/groups", json=body(facilitator_ids=[volunteer]), headers=COORDINATOR
    )
    held = f"/groups/{created.json()['id']}/sessions"
    last_week = (ctx.now() - timedelta(days=7)).isoformat()
    planned = await client.post(held, json={"starts_at": last_week}, headers=COORDINATOR)
    assert planned.status_code == 409
    await client.post(f"/groups/{created.json()['id']}/open", headers=COORDINATOR)
    future = (ctx.now() + timedelta(days=1)).isoformat()
    refused = await client.post(held, json={"starts_at": future}, headers=COORDINATOR)
    assert errors(refused) == [("starts_at", "session_in_future")]
    recorded = await client.post(
        held, json={"starts_at": last_week, "duration_minutes": 60}, headers=COORDINATOR
    )
    assert recorded.status_code == 201
    assert recorded.json()["status"] == "scheduled"


async def test_unknown_things_are_404(client: httpx.AsyncClient) -> None:
    for path in (f"/groups/{uuid.uuid4()}", f"/placements/{uuid.uuid4()}"):
        assert (await client.get(path, headers=COORDINATOR)).status_code == 404
    cancel = await client.post(f"/sessions/{uuid.uuid4()}/cancel", json={}, headers=COORDINATOR)
    assert cancel.status_code == 404


async def test_a_method_the_stats_path_lacks_is_405_not_a_bad_group_id(
    client: httpx.AsyncClient,
) -> None:
    response = await client.patch("/groups/stats", json={}, headers=COORDINATOR)
    spec = (await client.get("/openapi.json")).json()

    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert {"get", "patch"} <= set(spec["paths"]["/groups/{group_id}"])


async def test_the_openapi_document_explains_placement(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert (
        "first referred, first offered"
        in spec["paths"]["/areas/{area}/waitlist"]["get"]["description"]
    )
    assert spec["components"]["schemas"]["GroupCreate"]["examples"]
