"""A facilitator reaches only the groups they lead: those groups, sessions and registers."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from groups.service_layer.context import Context
from t2t_shared.auth import issue_token

from .conftest import MovableClock, refer, train
from .fakes import FakeUnitOfWork
from .test_groups_api import COORDINATOR, SECRET, body, client

__all__ = ["client"]  # the API client fixture


def facilitator(volunteer_id: uuid.UUID | str) -> dict[str, str]:
    jwt = issue_token(SECRET, role="facilitator", areas=[], volunteer_id=str(volunteer_id))
    return {"Authorization": f"Bearer {jwt}"}


async def two_groups(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> tuple[uuid.UUID, dict[str, Any], dict[str, Any]]:
    """An open group `ours` (in person: people with no preference go there first) led by the
    returned volunteer, and `theirs` (online) led by another."""
    ours_lead, other_lead = await train(uow, ctx), await train(uow, ctx)
    online = {"format": "online", "venue": None, "joining_link": "https://meet.example/t2t"}
    made = []
    for name, lead, where in (("Ours", ours_lead, {}), ("Theirs", other_lead, online)):
        group = body(name=name, facilitator_ids=[str(lead)], **where)
        created = await client.post("/groups", json=group, headers=COORDINATOR)
        assert created.status_code == 201, created.text
        opened = await client.post(f"/groups/{created.json()['id']}/open", headers=COORDINATOR)
        made.append(opened.json())
    return ours_lead, made[0], made[1]


async def test_a_facilitator_lists_and_reads_only_the_groups_they_lead(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    lead, ours, theirs = await two_groups(client, uow, ctx)
    me = facilitator(lead)
    listed = await client.get("/groups", headers=me)
    assert [g["id"] for g in listed.json()] == [ours["id"]]
    assert (await client.get(f"/groups/{ours['id']}", headers=me)).status_code == 200
    sessions = await client.get(f"/groups/{ours['id']}/sessions", headers=me)
    assert sessions.status_code == 200
    assert sessions.json()
    assert (await client.get(f"/groups/{ours['id']}/placements", headers=me)).status_code == 200
    for path in ("", "/sessions", "/placements"):
        refused = await client.get(f"/groups/{theirs['id']}{path}", headers=me)
        assert refused.status_code == 403, path
        assert "groups they lead" in refused.json()["detail"]
    stranger = facilitator(uuid.uuid4())
    assert (await client.get("/groups", headers=stranger)).json() == []


async def test_a_facilitator_takes_the_register_of_their_own_sessions_only(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context, clock: MovableClock
) -> None:
    lead, ours, theirs = await two_groups(client, uow, ctx)
    member = await refer(uow, ctx)
    assert member.group_id is not None
    await client.post(f"/placements/{member.referral_id}/accept", headers=COORDINATOR)
    me = facilitator(lead)
    [ours_session, *_] = (await client.get(f"/groups/{ours['id']}/sessions", headers=me)).json()
    [theirs_session, *_] = (
        await client.get(f"/groups/{theirs['id']}/sessions", headers=COORDINATOR)
    ).json()
    clock.now = clock.now + timedelta(days=70)

    assert str(member.group_id) == ours["id"]
    line = [{"referral_id": str(member.referral_id), "attendance": "apologies"}]
    register = f"/sessions/{ours_session['id']}/attendance"
    taken = await client.put(register, json=line, headers=me)
    assert taken.status_code == 200, taken.text
    read = await client.get(register, headers=me)
    assert read.json()["lines"][0]["attendance"] == "apologies"
    other = f"/sessions/{theirs_session['id']}/attendance"
    refused = await client.put(other, json=line, headers=me)
    assert refused.status_code == 403
    assert (
        await client.put(f"/sessions/{uuid.uuid4()}/attendance", json=line, headers=me)
    ).status_code == 404
    assert (await client.get(other, headers=me)).status_code == 403


async def test_everything_else_is_403_for_a_facilitator(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    lead, ours, _ = await two_groups(client, uow, ctx)
    me = facilitator(lead)
    member = await refer(uow, ctx)
    refused = [
        await client.post("/groups", json=body(), headers=me),
        await client.patch(f"/groups/{ours['id']}", json={"capacity": 5}, headers=me),
        await client.post(f"/groups/{ours['id']}/close", json={"reason": "ended"}, headers=me),
        await client.get("/groups/stats", params={"area": "leeds"}, headers=me),
        await client.get("/areas/leeds/waitlist", headers=me),
        await client.get(f"/placements/{member.referral_id}", headers=me),
        await client.post(f"/placements/{member.referral_id}/accept", headers=me),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)


async def test_a_coordinator_sees_a_groups_members_then_its_offers(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    volunteer = str(await train(uow, ctx))
    created = await client.post(
        "/groups", json=body(capacity=3, facilitator_ids=[volunteer]), headers=COORDINATOR
    )
    group_id = created.json()["id"]
    await client.post(f"/groups/{group_id}/open", headers=COORDINATOR)
    first, second = await refer(uow, ctx, hours_ago=2), await refer(uow, ctx, hours_ago=1)
    await client.post(f"/placements/{second.referral_id}/accept", headers=COORDINATOR)
    listed = await client.get(f"/groups/{group_id}/placements", headers=COORDINATOR)
    assert [(p["referral_id"], p["status"]) for p in listed.json()] == [
        (str(second.referral_id), "member"),
        (str(first.referral_id), "offered"),
    ]
    york = issue_token(SECRET, role="coordinator", areas=["bradford"])
    other = await client.get(
        f"/groups/{group_id}/placements", headers={"Authorization": f"Bearer {york}"}
    )
    assert other.status_code == 403
    missing = await client.get(f"/groups/{uuid.uuid4()}/placements", headers=COORDINATOR)
    assert missing.status_code == 404
