"""End to end over the real broker and database: trained facilitator to a freed place."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.fixtures.services import auth, eventually, read_topic

from .service import (
    COORDINATOR,
    Published,
    Running,
    create_group,
    group_body,
    of,
    refer,
    running,
)
from .upstream_records import (
    facilitator_trained,
    referral_accepted,
    referral_closed,
    volunteer_left,
)

pytestmark = pytest.mark.integration

__all__ = ["running"]  # the module's running service (a fixture)


async def test_trained_facilitator_to_freed_place_all_on_the_groups_topic(running: Running) -> None:
    volunteer_id = str(uuid.uuid4())
    await running.publish(facilitator_trained(running.prefix, volunteer_id))

    async def created() -> httpx.Response | None:
        response = await running.client.post(
            "/groups", json=group_body(volunteer_id), headers=COORDINATOR
        )
        return response if response.status_code == 201 else None

    group = (await eventually(created, within=40)).json()
    opened = await running.client.post(f"/groups/{group['id']}/open", headers=COORDINATOR)
    assert opened.status_code == 200, opened.text
    assert opened.json()["status"] == "open"

    first = datetime.now(UTC) - timedelta(days=3)
    referrals = [str(uuid.uuid4()) for _ in range(3)]
    # One at a time: records of different keys may be consumed in any order, and this
    # story needs the third to arrive last.
    for n, (rid, district) in enumerate(zip(referrals, ("LS6", "LS2", "LS11"), strict=True)):
        await running.publish(
            referral_accepted(
                running.prefix, rid, district=district, received_at=first + timedelta(hours=n)
            )
        )
        await eventually(lambda rid=rid: _placed(running, rid), within=30)

    async def placed() -> dict[str, Any] | None:
        body = (await running.client.get(f"/groups/{group['id']}", headers=COORDINATOR)).json()
        return body if body["offers_pending"] == 2 and body["waiting_list_length"] == 1 else None

    filled = await eventually(placed, within=30)
    assert (filled["status"], filled["free_places"]) == ("full", 0)
    waitlist = (await running.client.get("/areas/leeds/waitlist", headers=COORDINATOR)).json()
    assert [w["referral_id"] for w in waitlist] == [referrals[2]]
    assert waitlist[0]["position"] == 1

    accepted = await running.client.post(f"/placements/{referrals[0]}/accept", headers=COORDINATOR)
    assert accepted.json()["status"] == "member", accepted.text
    left = await running.client.post(
        f"/placements/{referrals[0]}/leave", json={"reason": "moved_away"}, headers=COORDINATOR
    )
    assert left.status_code == 200, left.text
    third = (await running.client.get(f"/placements/{referrals[2]}", headers=COORDINATOR)).json()
    assert (third["status"], third["group_id"]) == ("offered", group["id"])

    def story_published(found: list[Published]) -> bool:
        # Every record the asserts below read: keys spread over partitions, read in any order.
        ours = [p for p in found if p.key == group["id"]]
        return (
            all(of(found, "PlaceOffered", rid) for rid in referrals)
            and bool(of(found, "MemberLeft", referrals[0]))
            and len(ours) >= 4
            and bool(of(found, "GroupUpdated", group["id"]))
        )

    # This story's records: the other tests of the module publish on the same topic.
    events = [
        (p.name, p.key, p.data)
        for p in await running.published(until=story_published)
        if p.key in referrals or p.data.get("group_id") == group["id"]
    ]
    types = [t for t, _, _ in events]
    group_types = [t for t, key, _ in events if key == group["id"]]
    assert group_types[:4] == [
        "GroupCreated",
        "FacilitatorAssigned",
        "GroupOpened",
        "SessionScheduled",
    ]
    # One key's records keep their order (one partition); different keys need not.
    by_person = [[t for t, key, _ in events if key == rid] for rid in referrals]
    assert by_person == [
        ["PlaceOffered", "MemberJoined", "MemberLeft"],
        ["PlaceOffered"],
        ["MemberWaitlisted", "PlaceOffered"],
    ]
    placement_events = [(t, key, data) for t, key, data in events if key in referrals]
    offers = {key: data for t, key, data in placement_events if t == "PlaceOffered"}
    assert all(o["group_id"] == group["id"] and o["area"] == "leeds" for o in offers.values())
    # LS6's centre is nearer the Headingley venue than LS2's.
    assert offers[referrals[0]]["distance_km"] < offers[referrals[1]]["distance_km"]
    assert offers[referrals[0]]["first_session_at"] is not None
    assert all(data["area"] == "leeds" for _, _, data in events)
    group_keyed = [key for t, key, _ in events if key not in referrals]
    assert set(group_keyed) == {group["id"]}
    assert "GroupUpdated" in types


async def test_an_erased_person_gives_up_their_membership_and_place_in_the_list(
    running: Running,
) -> None:
    area = "wakefield"  # an area of its own: the other tests' groups do not take these people
    me = auth("coordinator", [area])
    group = await create_group(running, area, name="Erasure Thursdays", capacity=1)
    member = (await refer(running, area, hours_ago=48))["referral_id"]
    waiting = (await refer(running, area, hours_ago=47))["referral_id"]
    joined = await running.client.post(f"/placements/{member}/accept", headers=me)
    assert joined.json()["status"] == "member", joined.text

    await running.publish(
        referral_closed(running.prefix, member, outcome="other", erased=True, area=area),
        referral_closed(running.prefix, waiting, outcome="other", erased=True, area=area),
    )

    async def both_gone() -> list[dict[str, Any]] | None:
        found = [
            (await running.client.get(f"/placements/{rid}", headers=me)).json()
            for rid in (member, waiting)
        ]
        return found if [p["status"] for p in found] == ["left", "cancelled"] else None

    gone = await eventually(both_gone, within=30)
    assert [p["postcode_district"] for p in gone] == [None, None]
    now = (await running.client.get(f"/groups/{group['id']}", headers=me)).json()
    assert (now["members"], now["waiting_list_length"]) == (0, 0)


async def _placed(running: Running, referral_id: str) -> bool:
    response = await running.client.get(f"/placements/{referral_id}", headers=COORDINATOR)
    return response.status_code == 200


async def test_a_group_whose_only_facilitator_leaves_is_flagged(running: Running) -> None:
    volunteer_id = str(uuid.uuid4())
    await running.publish(facilitator_trained(running.prefix, volunteer_id))

    async def created() -> httpx.Response | None:
        body = group_body(volunteer_id, name="Armley Thursdays")
        response = await running.client.post("/groups", json=body, headers=COORDINATOR)
        return response if response.status_code == 201 else None

    group = (await eventually(created, within=40)).json()
    assert group["facilitator_lapsed"] is False
    await running.publish(volunteer_left(running.prefix, volunteer_id))

    async def flagged() -> bool:
        listed = (await running.client.get("/groups?area=leeds", headers=COORDINATOR)).json()
        return any(g["id"] == group["id"] and g["facilitator_lapsed"] for g in listed)

    await eventually(flagged, within=30)
    refused = await running.client.post(f"/groups/{group['id']}/open", headers=COORDINATOR)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["type"] == "no_eligible_facilitator"


async def test_a_redelivered_event_places_once_and_a_broken_one_is_dead_lettered(
    running: Running,
) -> None:
    referral_id = str(uuid.uuid4())
    record = referral_accepted(
        running.prefix, referral_id, district="LS28", received_at=datetime.now(UTC), area="bradford"
    )
    other = referral_accepted(
        running.prefix, str(uuid.uuid4()), district="LS1", received_at=datetime.now(UTC)
    )
    broken = (other[0], b"broken", b'{"referral_id": "not-a-uuid"}', other[3])
    await running.publish(record, record, broken)
    await eventually(lambda: _placed_in(running, referral_id, "bradford"), within=30)

    dead = await read_topic(running.bootstrap, f"{running.prefix}groups.dlq", expect=1, within=20)
    assert [r.key for r in dead] == [b"broken"]

    def waitlisted(found: list[Published]) -> bool:
        return bool(of(found, "MemberWaitlisted", referral_id))

    found = await running.published(until=waitlisted)
    assert len(of(found, "MemberWaitlisted", referral_id)) == 1


async def _placed_in(running: Running, referral_id: str, area: str) -> bool:
    headers = auth("coordinator", [area])
    response = await running.client.get(f"/placements/{referral_id}", headers=headers)
    return response.status_code == 200
