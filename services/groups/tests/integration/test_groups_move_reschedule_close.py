"""Moving a member, rescheduling a session and closing a group, over the real components.

Each test works in an area of its own, so they hold in any order within the module.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from groups.service_layer import sessions
from tests.fixtures.services import auth

from .service import ONLINE, Published, Running, create_group, of, refer, running

pytestmark = pytest.mark.integration

__all__ = ["running"]


async def test_a_member_moves_to_another_group_and_the_place_left_goes_to_the_list(
    running: Running,
) -> None:
    area = "wakefield"
    me = auth("coordinator", [area])
    local = await create_group(running, area, capacity=1, name="Wakefield Tuesdays")
    online = await create_group(running, area, capacity=2, name="Wakefield online", **ONLINE)
    mover = await refer(running, area, hours_ago=5)
    assert (mover["status"], mover["group_id"]) == ("offered", local["id"])
    rid = mover["referral_id"]
    joined = await running.client.post(f"/placements/{rid}/accept", headers=me)
    assert joined.json()["status"] == "member", joined.text
    # Wants in person only: the online group's free places do not fit them.
    waiting = await refer(running, area, hours_ago=4, format_preference="in_person")
    assert waiting["status"] == "waiting"

    moved = await running.client.post(
        f"/placements/{rid}/move", json={"group_id": online["id"]}, headers=me
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["status"], moved.json()["group_id"]) == ("member", online["id"])
    left_behind = await running.client.get(f"/placements/{waiting['referral_id']}", headers=me)
    assert (left_behind.json()["status"], left_behind.json()["group_id"]) == (
        "offered",
        local["id"],
    )
    after = (await running.client.get(f"/groups/{online['id']}", headers=me)).json()
    assert (after["members"], after["free_places"]) == (1, 1)

    def moved_published(found: list[Published]) -> bool:
        return bool(of(found, "MemberMoved", rid)) and bool(
            of(found, "PlaceOffered", waiting["referral_id"])
        )

    found = await running.published(until=moved_published)
    [event] = of(found, "MemberMoved", rid)
    assert (event.data["from_group_id"], event.data["group_id"]) == (local["id"], online["id"])
    assert (event.data["members"], event.data["capacity"]) == (1, 2)
    assert (event.data["from_members"], event.data["from_capacity"]) == (0, 1)
    assert event.data["area"] == area
    # The person's own events stay in order on their key.
    assert [p.name for p in found if p.key == rid] == [
        "PlaceOffered",
        "MemberJoined",
        "MemberMoved",
    ]


async def test_a_move_is_refused_to_a_full_or_closed_or_the_same_group_and_out_of_area(
    running: Running,
) -> None:
    area = "york"
    me = auth("coordinator", [area])
    home = await create_group(running, area, capacity=2, name="York Mondays")
    full = await create_group(running, area, capacity=1, name="York full", **ONLINE)
    member = await refer(running, area, hours_ago=9)
    rid = member["referral_id"]
    assert member["group_id"] == home["id"]
    await running.client.post(f"/placements/{rid}/accept", headers=me)
    taker = await refer(running, area, hours_ago=8, format_preference="online")
    assert taker["group_id"] == full["id"]
    closed = await create_group(running, area, capacity=3, name="York closed", **ONLINE)
    shut = await running.client.post(
        f"/groups/{closed['id']}/close", json={"reason": "ended"}, headers=me
    )
    assert shut.status_code == 200, shut.text
    elsewhere = await create_group(running, "bradford", capacity=3, name="Elsewhere", **ONLINE)

    async def move(to: str, headers: dict[str, str] = me, who: str = rid) -> tuple[int, Any]:
        r = await running.client.post(
            f"/placements/{who}/move", json={"group_id": to}, headers=headers
        )
        return r.status_code, r.json()

    status, body = await move(full["id"])
    assert status == 422
    assert (body["errors"][0]["field"], body["errors"][0]["type"]) == ("group_id", "over_capacity")
    status, body = await move(closed["id"])
    assert (status, body["current_state"]) == (409, "closed")
    status, body = await move(home["id"])
    assert status == 409, body
    status, body = await move(elsewhere["id"], headers=auth("admin", ["*"]))
    assert (status, body["errors"][0]["field"]) == (422, "group_id")
    status, _ = await move(full["id"], who=str(uuid.uuid4()))
    assert status == 404
    status, _ = await move(full["id"], headers=auth("coordinator", ["bradford"]))
    assert status == 403

    still = (await running.client.get(f"/placements/{rid}", headers=me)).json()
    assert (still["status"], still["group_id"]) == ("member", home["id"])
    groups = {
        g["id"]: g for g in (await running.client.get(f"/groups?area={area}", headers=me)).json()
    }
    assert (groups[home["id"]]["members"], groups[full["id"]]["offers_pending"]) == (1, 1)

    # A refused move publishes nothing: the person's next record after joining is their leaving.
    left = await running.client.post(
        f"/placements/{rid}/leave", json={"reason": "health"}, headers=me
    )
    assert left.status_code == 200, left.text
    found = await running.published(until=lambda found: bool(of(found, "MemberLeft", rid)))
    assert [p.name for p in found if p.key == rid] == ["PlaceOffered", "MemberJoined", "MemberLeft"]


async def test_a_rescheduled_session_moves_keeps_its_length_and_is_not_put_back(
    running: Running,
) -> None:
    area = "kirklees"
    me = auth("coordinator", [area])
    weekly = {"frequency": "weekly", "weekday": 2, "start_time": "10:00", "duration_minutes": 60}
    group = await create_group(running, area, name="Kirklees Wednesdays", schedule=weekly)
    before = (await running.client.get(f"/groups/{group['id']}/sessions", headers=me)).json()
    assert before, "opening puts the coming sessions on the calendar"
    session = before[0]
    old_start = datetime.fromisoformat(session["starts_at"])
    length = datetime.fromisoformat(session["ends_at"]) - old_start
    new_start = (old_start + timedelta(days=1)).replace(hour=17, minute=0)

    moved = await running.client.post(
        f"/sessions/{session['id']}/reschedule",
        json={"starts_at": new_start.isoformat()},
        headers=me,
    )
    assert moved.status_code == 200, moved.text
    assert datetime.fromisoformat(moved.json()["starts_at"]) == new_start
    assert datetime.fromisoformat(moved.json()["ends_at"]) == new_start + length

    past = await running.client.post(
        f"/sessions/{session['id']}/reschedule",
        json={"starts_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat()},
        headers=me,
    )
    assert (past.status_code, past.json()["errors"][0]["field"]) == (422, "starts_at")
    other_area = await running.client.post(
        f"/sessions/{session['id']}/reschedule",
        json={"starts_at": new_start.isoformat()},
        headers=auth("coordinator", ["leeds"]),
    )
    assert other_area.status_code == 403
    unknown = await running.client.post(
        f"/sessions/{uuid.uuid4()}/reschedule",
        json={"starts_at": new_start.isoformat()},
        headers=me,
    )
    assert unknown.status_code == 404
    cancelled = before[1]
    off = await running.client.post(
        f"/sessions/{cancelled['id']}/cancel", json={"reason": "weather"}, headers=me
    )
    assert off.status_code == 200, off.text
    refused = await running.client.post(
        f"/sessions/{cancelled['id']}/reschedule",
        json={"starts_at": new_start.isoformat()},
        headers=me,
    )
    assert (refused.status_code, refused.json()["current_state"]) == (409, "cancelled")

    # The calendar sweep keeps the calendar by slot: the moved session is not added again.
    await sessions.sweep_schedules(running.container.uow, running.container.ctx)
    after = (await running.client.get(f"/groups/{group['id']}/sessions", headers=me)).json()
    assert len(after) == len(before)
    assert [s["starts_at"] for s in after].count(session["starts_at"]) == 0

    def rescheduled(found: list[Published]) -> bool:
        return bool(of(found, "SessionRescheduled", group["id"]))

    found = await running.published(until=rescheduled)
    [event] = of(found, "SessionRescheduled", group["id"])
    assert event.data["session_id"] == session["id"]
    assert datetime.fromisoformat(event.data["previous_starts_at"]) == old_start
    assert datetime.fromisoformat(event.data["starts_at"]) == new_start
    assert datetime.fromisoformat(event.data["ends_at"]) == new_start + length
    # Only the move and the cancellation: nothing else about those sessions.
    changed = {session["id"], cancelled["id"]}
    about = [p.name for p in found if p.data.get("session_id") in changed]
    assert sorted(about) == [
        "SessionCancelled",
        "SessionRescheduled",
        "SessionScheduled",
        "SessionScheduled",
    ]


async def test_closing_a_group_lets_members_go_places_offers_again_and_keeps_the_list(
    running: Running,
) -> None:
    area = "calderdale"
    me = auth("coordinator", [area])
    closing = await create_group(running, area, capacity=3, name="Calderdale Thursdays")
    online = await create_group(running, area, capacity=1, name="Calderdale online", **ONLINE)
    member = await refer(running, area, hours_ago=12)
    await running.client.post(f"/placements/{member['referral_id']}/accept", headers=me)
    first_offer = await refer(running, area, hours_ago=10)
    second_offer = await refer(running, area, hours_ago=9)
    waiting = await refer(running, area, hours_ago=8, format_preference="in_person")
    assert [first_offer["group_id"], second_offer["group_id"]] == [closing["id"]] * 2
    assert waiting["status"] == "waiting"
    coming = (await running.client.get(f"/groups/{closing['id']}/sessions", headers=me)).json()

    shut = await running.client.post(
        f"/groups/{closing['id']}/close", json={"reason": "venue_unavailable"}, headers=me
    )
    assert shut.status_code == 200, shut.text
    assert (shut.json()["status"], shut.json()["members"], shut.json()["offers_pending"]) == (
        "closed",
        0,
        0,
    )

    async def placement(p: dict[str, Any]) -> Any:
        return (await running.client.get(f"/placements/{p['referral_id']}", headers=me)).json()

    left = await placement(member)
    assert (left["status"], left["left_reason"]) == ("left", "other")
    # The earlier referred of the two offers takes the one place elsewhere; the other goes
    # back on the list ahead of the person referred after them.
    replaced = await placement(first_offer)
    assert (replaced["status"], replaced["group_id"]) == ("offered", online["id"])
    back = await placement(second_offer)
    assert (back["status"], back["group_id"]) == ("waiting", None)
    listed = (await running.client.get(f"/areas/{area}/waitlist", headers=me)).json()
    assert [w["referral_id"] for w in listed] == [
        second_offer["referral_id"],
        waiting["referral_id"],
    ]
    sessions_now = await running.client.get(f"/groups/{closing['id']}/sessions", headers=me)
    assert {s["status"] for s in sessions_now.json()} == {"cancelled"}
    again = await running.client.post(
        f"/groups/{closing['id']}/close", json={"reason": "ended"}, headers=me
    )
    assert (again.status_code, again.json()["current_state"]) == (409, "closed")

    def told(found: list[Published]) -> bool:
        return bool(of(found, "GroupClosed", closing["id"])) and bool(
            of(found, "MemberWaitlisted", second_offer["referral_id"])
        )

    found = await running.published(until=told)
    [closed] = of(found, "GroupClosed", closing["id"])
    assert closed.data["reason"] == "venue_unavailable"
    [gone] = of(found, "MemberLeft", member["referral_id"])
    assert (gone.data["reason"], gone.data["members"], gone.data["group_id"]) == (
        "other",
        0,
        closing["id"],
    )
    cancelled = [p.data for p in of(found, "SessionCancelled", closing["id"])]
    assert sorted(c["session_id"] for c in cancelled) == sorted(s["id"] for s in coming)
    assert {c["reason"] for c in cancelled} == {"group_closed"}
    [offered] = [
        p
        for p in of(found, "PlaceOffered", first_offer["referral_id"])
        if p.data["group_id"] == online["id"]
    ]
    [rewaited] = of(found, "MemberWaitlisted", second_offer["referral_id"])
    assert rewaited.data["position"] == 1
    assert offered.data["area"] == area
