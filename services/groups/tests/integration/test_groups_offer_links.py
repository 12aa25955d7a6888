"""Offer links over the real database and broker: the person answers their own offer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from t2t_shared.offer_links import DEV_OFFER_LINK_SECRET, sign_offer_link
from tests.fixtures.services import eventually

from .service import COORDINATOR, Published, Running, group_body, of, running
from .upstream_records import facilitator_trained, referral_accepted

pytestmark = pytest.mark.integration

__all__ = ["running"]  # the module's running service (a fixture)


async def open_group(running: Running, capacity: int) -> str:
    volunteer_id = str(uuid.uuid4())
    await running.publish(facilitator_trained(running.prefix, volunteer_id))
    body = group_body(volunteer_id, name=f"Offer links {uuid.uuid4().hex[:6]}", capacity=capacity)

    async def created() -> httpx.Response | None:
        response = await running.client.post("/groups", json=body, headers=COORDINATOR)
        return response if response.status_code == 201 else None

    group_id: str = (await eventually(created, within=40)).json()["id"]
    opened = await running.client.post(f"/groups/{group_id}/open", headers=COORDINATOR)
    assert opened.status_code == 200, opened.text
    return group_id


async def refer(running: Running, hours_ago: float) -> str:
    referral_id = str(uuid.uuid4())
    received = datetime.now(UTC) - timedelta(hours=hours_ago)
    await running.publish(
        referral_accepted(running.prefix, referral_id, district="LS6", received_at=received)
    )
    await eventually(lambda: placement(running, referral_id), within=30)
    return referral_id


async def placement(running: Running, referral_id: str) -> dict[str, Any] | None:
    response = await running.client.get(f"/placements/{referral_id}", headers=COORDINATOR)
    return response.json() if response.status_code == 200 else None


def link(referral_id: str, offer: dict[str, Any]) -> str:
    expires = datetime.fromisoformat(offer["offer_expires_at"])
    return sign_offer_link(DEV_OFFER_LINK_SECRET, uuid.UUID(referral_id), expires)


async def test_forged_expired_valid_and_reused_links(running: Running) -> None:
    group_id = await open_group(running, capacity=1)
    first = await refer(running, hours_ago=48)
    offer = await placement(running, first)
    assert offer is not None
    assert offer["status"] == "offered"
    token = link(first, offer)

    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    assert (await running.client.get(f"/offers/{forged}")).status_code == 404
    past = sign_offer_link(DEV_OFFER_LINK_SECRET, uuid.UUID(first), datetime.now(UTC))
    expired = await running.client.post(f"/offers/{past}", json={"decision": "accept"})
    assert expired.status_code == 410

    seen = await running.client.get(f"/offers/{token}")
    assert seen.status_code == 200, seen.text
    assert seen.json()["status"] == "offered"
    assert seen.json()["group"]["venue"] == "Headingley Community Centre"

    accepted = await running.client.post(f"/offers/{token}", json={"decision": "accept"})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    member = await placement(running, first)
    assert member is not None
    assert (member["status"], member["group_id"]) == ("member", group_id)

    reused = await running.client.post(f"/offers/{token}", json={"decision": "decline"})
    assert reused.status_code == 409
    assert reused.json()["current_state"] == "accepted"

    def joined_by_person(found: list[Published]) -> bool:
        return any(p.data["answered_by"] == "person" for p in of(found, "MemberJoined", first))

    await running.published(until=joined_by_person)


async def test_declining_by_link_passes_the_place_on_like_a_coordinators_decline(
    running: Running,
) -> None:
    group_id = await open_group(running, capacity=1)
    first = await refer(running, hours_ago=30)
    second = await refer(running, hours_ago=20)
    waiting = await placement(running, second)
    assert waiting is not None
    assert waiting["status"] == "waiting"
    offer = await placement(running, first)
    assert offer is not None
    assert offer["group_id"] == group_id

    declined = await running.client.post(
        f"/offers/{link(first, offer)}", json={"decision": "decline"}
    )
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"
    passed_on = await placement(running, second)
    assert passed_on is not None
    assert (passed_on["status"], passed_on["group_id"]) == ("offered", group_id)

    def declined_by_person(found: list[Published]) -> bool:
        return any(p.data["answered_by"] == "person" for p in of(found, "OfferDeclined", first))

    await running.published(until=declined_by_person)
