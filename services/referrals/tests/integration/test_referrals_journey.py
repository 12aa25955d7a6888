"""End to end over the real database and broker: GP referral to joining a group, then erasure."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from tests.fixtures.services import Infra, auth, eventually, publish

from .peer_records import (
    MemberJoined,
    PlaceOffered,
    Running,
    contacts_until_tombstoned,
    record,
    running_referrals,
)
from .test_referrals_consumers import events_of, status_is

pytestmark = pytest.mark.integration

GP = auth("referrer", ["leeds"], ods_code="B82005")
COORDINATOR = auth("coordinator", ["leeds"])
OPS = auth("ops", ["*"])
ADMIN = auth("admin", ["*"])


class Clock:
    """Real time, unless a test moves it: referrals from last month, without waiting."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


CLOCK = Clock()


@pytest.fixture(scope="module")
async def running(infra: Infra) -> AsyncIterator[Running]:
    async with running_referrals(infra, clock=CLOCK) as service:
        # A practice that referred last month, and none since: it must still be listed, and
        # its referral is overdue (tests of the module may run in any order).
        CLOCK.offset = timedelta(days=-40)
        old = gp_referral("C84001", "Old")
        await post(service, "/referrals", auth("referrer", ["leeds"], "C84001"), old)
        CLOCK.offset = timedelta(0)
        yield service


def gp_referral(ods_code: str, given_name: str) -> dict[str, Any]:
    return {
        "source": "gp",
        "area": "leeds",
        "referrer": {
            "ods_code": ods_code,
            "name": f"Practice {ods_code}",
            "email": "p@nhs.example",
        },
        "person": {
            "given_name": given_name,
            "family_name": "Journey",
            "nhs_number": "9434765919" if given_name == "Priya" else None,
            "date_of_birth": "1958-02-03",
            "postcode": "LS6 2AB",
            "mobile": "07700 900456",
            "preferred_channel": "sms",
        },
        "consent": {"contact": True},
        "format_preference": "in_person",
        "notes": "Prefers evening groups",
    }


async def post(running: Running, path: str, headers: dict[str, str], body: Any = None) -> Any:
    response = await running.client.post(path, json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    return response.json()


async def referrer_counts(running: Running) -> list[tuple[str, int]]:
    today = datetime.now(UTC).date()
    period = f"from={today - timedelta(days=7)}&to={today}"
    counts = (await running.client.get(f"/referrers?{period}", headers=OPS)).json()
    return [(c["ods_code"], c["referrals"]) for c in counts]


async def test_received_to_joined(running: Running) -> None:
    [(b82005, before), *rest] = await referrer_counts(running)
    referral = await post(running, "/referrals", GP, gp_referral("B82005", "Priya"))
    rid = referral["id"]
    await post(running, f"/referrals/{rid}/accept", COORDINATOR)
    missed = {"channel": "phone", "outcome": "no_answer", "note": "No voicemail"}
    await post(running, f"/referrals/{rid}/contact-attempts", COORDINATOR, missed)
    reached = {"channel": "phone", "outcome": "reached"}
    await post(running, f"/referrals/{rid}/contact-attempts", COORDINATOR, reached)

    group = uuid.uuid4()
    ids = {"referral_id": uuid.UUID(rid), "person_id": uuid.UUID(referral["person_id"])}
    await publish(
        running.bootstrap,
        [
            record(running.prefix, PlaceOffered(**ids, group_id=group)),
            record(running.prefix, MemberJoined(**ids, group_id=group)),
        ],
    )
    joined = await eventually(lambda: status_is(running, rid, "joined"), within=30)
    assert (joined["attempts_made"], joined["failed_attempts"]) == (2, 1)

    events = await events_of(running, rid, 7)
    assert [e["ce_type"].split(".")[2] for e in events] == [
        "ReferralReceived",
        "ReferralAccepted",
        "ContactAttempted",
        "ContactAttempted",
        "ReferralContacted",
        "ReferralPlaced",
        "ReferralJoined",
    ]
    assert all(e["area"] == "leeds" for e in events)
    assert events[1]["format_preference"] == "in_person"
    contacted = events[4]
    assert contacted["working_days_to_first_contact"] == 0
    assert contacted["within_target"] is True
    assert 0 <= contacted["seconds_to_first_contact"] < 60
    raw = json.dumps(events)
    assert not [v for v in ("Priya", "9434765919", "1958-02-03", "900456", "evening") if v in raw]

    worklist = await running.client.get("/referrals?status=joined&source=gp", headers=COORDINATOR)
    [item] = worklist.json()["items"]
    assert item["referral"]["id"] == rid
    assert (item["overdue"], item["waiting_working_days"]) == (False, 0)
    overdue = await running.client.get("/referrals?overdue=true", headers=OPS)
    assert [i["referral"]["id"] for i in overdue.json()["items"]] != [rid]
    assert all(i["referral"]["person"] is None for i in overdue.json()["items"])

    # Every practice of the register, those with none in the period too (C84001's is older).
    assert b82005 == "B82005"
    assert rest == [("C84001", 0), ("C84002", 0)]
    assert await referrer_counts(running) == [("B82005", before + 1), *rest]


async def test_the_old_referral_is_overdue_and_first_in_line(running: Running) -> None:
    response = await running.client.get("/referrals?overdue=true", headers=COORDINATOR)
    items = response.json()["items"]
    assert [i["referral"]["person"]["given_name"] for i in items] == ["Old"]
    assert items[0]["overdue"] is True
    assert items[0]["waiting_working_days"] > 20


async def test_erasure_keeps_the_anonymised_referral(running: Running) -> None:
    referral = await post(running, "/referrals", GP, gp_referral("B82005", "Erin"))
    rid, person_id = referral["id"], referral["person_id"]
    await post(
        running,
        f"/referrals/{rid}/reject",
        COORDINATOR,
        {"reason": "other", "comment": "Erin moved"},
    )

    erased = await running.client.delete(f"/people/{person_id}", headers=ADMIN)
    assert erased.status_code == 200
    assert erased.json()["referrals"] == {"erased": [rid], "closed": []}, "rejected: not open"
    after = (await running.client.get(f"/referrals/{rid}", headers=COORDINATOR)).json()
    assert (after["person"], after["erased"], after["status"]) == (None, True, "rejected")
    assert (after["postcode_district"], after["age_band"], after["source"]) == (
        "LS6",
        "60-69",
        "gp",
    )

    mine = await contacts_until_tombstoned(running, [person_id])
    assert [r.value is None for r in mine] == [False, True], "the contact record, then a tombstone"

    async with running.container.runtime.engine.connect() as conn:
        kept = await conn.scalar(
            sa.text("SELECT count(*) FROM outbox WHERE key = :k AND value IS NOT NULL"),
            {"k": person_id},
        )
    assert kept == 0, "no copy of the contact record is left in the outbox"

    again = await running.client.delete(f"/people/{person_id}", headers=ADMIN)
    assert again.status_code == 200
    unknown = await running.client.delete(f"/people/{uuid.uuid4()}", headers=ADMIN)
    assert unknown.status_code == 404
