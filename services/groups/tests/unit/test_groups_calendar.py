"""A group's sessions as a calendar file: it parses back, one event per coming session."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from icalendar import Calendar

from groups.service_layer.context import Context

from .conftest import train
from .fakes import FakeUnitOfWork
from .test_groups_api import COORDINATOR, body, client, token

__all__ = ["client"]  # the API client fixture

TUESDAYS = {"frequency": "weekly", "weekday": 1, "start_time": "18:30", "duration_minutes": 90}


async def opened(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context, **changes: Any
) -> dict[str, Any]:
    lead = await train(uow, ctx)
    data = body(facilitator_ids=[str(lead)], schedule=TUESDAYS, **changes)
    created = await client.post("/groups", json=data, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    group: dict[str, Any] = (
        await client.post(f"/groups/{created.json()['id']}/open", headers=COORDINATOR)
    ).json()
    return group


def events_of(response: httpx.Response) -> list[Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


async def test_the_calendar_has_one_event_per_coming_session_and_parses_back(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    group = await opened(client, uow, ctx, name="Headingley Tuesdays", capacity=4)
    held = await client.post(
        f"/groups/{group['id']}/sessions",
        json={"starts_at": (ctx.now() - timedelta(days=2)).isoformat()},
        headers=COORDINATOR,
    )
    assert held.status_code == 201, held.text
    listed = (await client.get(f"/groups/{group['id']}/sessions", headers=COORDINATOR)).json()
    coming = [s for s in listed if s["id"] != held.json()["id"]]
    assert len(coming) == 8  # the Tuesdays of the 8 weeks from Monday 2 March

    ics = await client.get(f"/groups/{group['id']}/sessions.ics", headers=COORDINATOR)
    found = events_of(ics)
    assert [str(e["uid"]) for e in found] == [
        f"{s['id']}@groups.type2together.org.uk" for s in coming
    ]
    for event, session in zip(found, coming, strict=True):
        assert event.decoded("dtstart") == datetime.fromisoformat(session["starts_at"])
        assert event.decoded("dtend") == datetime.fromisoformat(session["ends_at"])
        assert str(event["summary"]) == "Headingley Tuesdays"
        assert str(event["location"]) == "Centre, 8 Bennett Road, Leeds, LS6 3HN"
        assert (str(event["status"]), event.decoded("sequence")) == ("CONFIRMED", 0)
    # 18:30 in London: 18:30 UTC in winter, 17:30 UTC from 29 March (summer time).
    assert found[0].decoded("dtstart").isoformat() == "2026-03-03T18:30:00+00:00"
    assert found[4].decoded("dtstart").isoformat() == "2026-03-31T17:30:00+00:00"


async def test_a_moved_session_keeps_its_uid_with_a_higher_sequence(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    group = await opened(client, uow, ctx)
    first, second, *_ = (
        await client.get(f"/groups/{group['id']}/sessions", headers=COORDINATOR)
    ).json()
    before = {
        str(e["uid"])
        for e in events_of(
            await client.get(f"/groups/{group['id']}/sessions.ics", headers=COORDINATOR)
        )
    }
    later = datetime.fromisoformat(first["starts_at"]) + timedelta(days=1)
    moved = await client.post(
        f"/sessions/{first['id']}/reschedule",
        json={"starts_at": later.isoformat()},
        headers=COORDINATOR,
    )
    assert moved.status_code == 200, moved.text
    await client.post(f"/sessions/{second['id']}/cancel", json={}, headers=COORDINATOR)

    after = events_of(await client.get(f"/groups/{group['id']}/sessions.ics", headers=COORDINATOR))
    assert {str(e["uid"]) for e in after} == before
    by_id = {str(e["uid"]).split("@")[0]: e for e in after}
    assert by_id[first["id"]].decoded("dtstart") == later
    assert by_id[first["id"]].decoded("sequence") == 1
    assert str(by_id[second["id"]]["status"]) == "CANCELLED"


async def test_an_online_group_gives_its_link_and_others_cannot_read_it(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    link = "https://meet.example.org/t2t"
    group = await opened(client, uow, ctx, format="online", venue=None, joining_link=link)
    path = f"/groups/{group['id']}/sessions.ics"
    [*found] = events_of(await client.get(path, headers=COORDINATOR))
    assert found
    assert {(str(e["location"]), str(e["url"])) for e in found} == {("Online", link)}
    assert (await client.get(path, headers=token(areas=("bradford",)))).status_code == 403
    assert (await client.get(path)).status_code == 401
    unknown = await client.get(f"/groups/{uuid.uuid4()}/sessions.ics", headers=COORDINATOR)
    assert unknown.status_code == 404
