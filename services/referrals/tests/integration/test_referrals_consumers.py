"""Groups' and notifications' events over the real broker move referrals on, once each."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.fixtures.services import Infra, auth, eventually, publish
from tests.fixtures.topics import read_until

from .peer_records import (
    AttendanceRecorded,
    MemberJoined,
    NotificationFailed,
    PlaceOffered,
    Running,
    record,
    running_referrals,
)

pytestmark = pytest.mark.integration

COORDINATOR = auth("coordinator", ["leeds"])


@pytest.fixture(scope="module")
async def running(infra: Infra) -> AsyncIterator[Running]:
    """One service for the module: its consumer group joins once."""
    async with running_referrals(infra) as service:
        yield service


async def accepted_referral(running: Running, n: int) -> dict[str, Any]:
    body = {
        "source": "community",
        "area": "leeds",
        "person": {
            "given_name": f"Consumer{n}{uuid.uuid4().hex[:6]}",
            "family_name": "Example",
            "date_of_birth": "1960-05-05",
            "postcode": "LS6 2AB",
            "email": f"c{n}@example.org",
        },
        "consent": {"contact": True},
    }
    made = await running.client.post("/referrals", json=body, headers=COORDINATOR)
    assert made.status_code == 201, made.text
    rid = made.json()["id"]
    accepted = await running.client.post(f"/referrals/{rid}/accept", headers=COORDINATOR)
    assert accepted.status_code == 200, accepted.text
    return accepted.json()  # type: ignore[no-any-return]


async def status_is(running: Running, rid: str, status: str) -> dict[str, Any] | None:
    found = await running.client.get(f"/referrals/{rid}", headers=COORDINATOR)
    return found.json() if found.json()["status"] == status else None  # type: ignore[no-any-return]


DEPRECATED_V1 = b"t2t.referrals.ReferralReceived.v1"


async def events_of(running: Running, rid: str, expect: int) -> list[dict[str, Any]]:
    """This referral's events on t2t.referrals.events, in order, with their ce_type.

    The deprecated ReferralReceived.v1 copy is left out (test_referrals_published checks it).
    """

    def mine(records: list[Any]) -> list[dict[str, Any]]:
        return [
            {**json.loads(r.value), "ce_type": dict(r.headers)["ce_type"].decode()}
            for r in records
            if r.key.decode() == rid and dict(r.headers)["ce_type"] != DEPRECATED_V1
        ]

    topic = f"{running.prefix}referrals.events"
    return mine(await read_until(running.bootstrap, topic, done=lambda rs: len(mine(rs)) >= expect))


def ids(referral: dict[str, Any]) -> dict[str, Any]:
    return {
        "referral_id": uuid.UUID(referral["id"]),
        "person_id": uuid.UUID(referral["person_id"]),
    }


async def test_placed_joined_attended_from_groups_events(running: Running) -> None:
    referral = await accepted_referral(running, 1)
    rid, group = referral["id"], uuid.uuid4()
    await publish(
        running.bootstrap,
        [
            record(running.prefix, PlaceOffered(**ids(referral), group_id=group)),
            record(running.prefix, MemberJoined(**ids(referral), group_id=group)),
            record(
                running.prefix,
                AttendanceRecorded(**ids(referral), group_id=group, attendance="absent"),
            ),
            record(running.prefix, AttendanceRecorded(**ids(referral), group_id=group)),
            record(
                running.prefix,
                AttendanceRecorded(**ids(referral), group_id=group, first_attended=False),
            ),
        ],
    )
    done = await eventually(lambda: status_is(running, rid, "attended"), within=30)
    assert done["group_id"] == str(group)

    events = await events_of(running, rid, 4)
    assert [e["ce_type"] for e in events] == [
        "t2t.referrals.ReferralReceived.v2",
        "t2t.referrals.ReferralAccepted.v1",
        "t2t.referrals.ReferralPlaced.v1",
        "t2t.referrals.ReferralJoined.v1",
        "t2t.referrals.ReferralAttended.v1",
    ]
    attended = events[-1]
    assert attended["at"] == "2026-12-08T18:30:00Z"
    assert (attended["group_id"], attended["area"]) == (str(group), "leeds")


async def test_duplicates_late_and_unknown_events_are_skipped(running: Running) -> None:
    referral = await accepted_referral(running, 2)
    rid, group = referral["id"], uuid.uuid4()
    joined = record(running.prefix, MemberJoined(**ids(referral), group_id=group))
    unknown = {"referral_id": uuid.uuid4(), "person_id": uuid.uuid4()}
    await publish(
        running.bootstrap,
        [
            record(running.prefix, PlaceOffered(**unknown, group_id=group)),
            joined,
            joined,
            record(running.prefix, PlaceOffered(**ids(referral), group_id=group)),  # late
            # Same key, so handled after all of the above: once it is, they all were.
            record(running.prefix, AttendanceRecorded(**ids(referral), group_id=group)),
        ],
    )
    await eventually(lambda: status_is(running, rid, "attended"), within=30)
    events = await events_of(running, rid, 4)
    assert [e["ce_type"].split(".")[2] for e in events] == [
        "ReferralReceived",
        "ReferralAccepted",
        "ReferralJoined",
        "ReferralAttended",
    ], "the repeated join and the late offer published nothing"


async def test_notification_failures_are_failed_attempts_until_unreachable(
    running: Running,
) -> None:
    referral = await accepted_referral(running, 3)
    rid = referral["id"]
    person = uuid.UUID(referral["person_id"])
    failure = NotificationFailed(subject_id=rid, recipient_id=person)
    await publish(
        running.bootstrap,
        [
            record(running.prefix, failure),
            record(running.prefix, failure.model_copy(update={"recipient_kind": "referrer"})),
            record(
                running.prefix, NotificationFailed(subject_id="not-a-referral", recipient_id=person)
            ),
            record(running.prefix, failure),  # the same event redelivered: its own new ce_id
        ],
    )
    later = await eventually(lambda: _failed_attempts(running, rid, 2), within=30)
    assert later["status"] == "accepted"
    await publish(
        running.bootstrap,
        [
            record(
                running.prefix,
                NotificationFailed(
                    subject_id=rid, recipient_id=person, reason="undeliverable", channel="email"
                ),
            )
        ],
    )
    closed = await eventually(lambda: status_is(running, rid, "closed"), within=30)
    assert closed["close_outcome"] == "unreachable"
    events = await events_of(running, rid, 6)
    attempts = [e for e in events if e["ce_type"].endswith("ContactAttempted.v1")]
    assert [(a["recorded_by"], a["outcome"]) for a in attempts] == [
        ("notification_failure", "wrong_number"),
        ("notification_failure", "wrong_number"),
        ("notification_failure", "no_answer"),
    ]
    assert events[-1]["ce_type"].endswith("ReferralClosed.v1")


async def test_a_provider_outage_leaves_the_referral_open_with_no_attempts(
    running: Running,
) -> None:
    referral = await accepted_referral(running, 5)
    rid, person = referral["id"], uuid.UUID(referral["person_id"])
    # One notification's failures, keyed alike, so they arrive in this order.
    outage = NotificationFailed(subject_id=rid, recipient_id=person, scope="platform")
    await publish(
        running.bootstrap,
        [
            record(running.prefix, outage.model_copy(update={"reason": reason}))
            for reason in ("retries_exhausted", "interrupted", "rejected_by_provider")
        ]
        + [
            # The person's own failure, last: once it counts, the outage has been read.
            record(
                running.prefix,
                outage.model_copy(update={"reason": "undeliverable", "scope": "recipient"}),
            )
        ],
    )
    counted = await eventually(lambda: _failed_attempts(running, rid, 1), within=30)
    assert (counted["status"], counted["failed_attempts"]) == ("accepted", 1)


async def _failed_attempts(running: Running, rid: str, n: int) -> dict[str, Any] | None:
    found = (await running.client.get(f"/referrals/{rid}", headers=COORDINATOR)).json()
    return found if found["failed_attempts"] >= n else None  # type: ignore[no-any-return]


async def test_an_event_that_can_never_be_read_goes_to_the_dlq_not_in_the_way(
    running: Running,
) -> None:
    referral = await accepted_referral(running, 4)
    rid, group = referral["id"], uuid.uuid4()
    topic, key, value, headers = record(
        running.prefix, PlaceOffered(**ids(referral), group_id=group)
    )
    broken = json.loads(value or b"{}")
    del broken["group_id"]  # deliberately off-contract: the record no consumer can read
    await publish(
        running.bootstrap,
        [
            (topic, key, json.dumps(broken).encode(), headers),
            record(running.prefix, MemberJoined(**ids(referral), group_id=group)),
        ],
    )
    await eventually(lambda: status_is(running, rid, "joined"), within=30)
    dead = await read_until(
        running.bootstrap,
        f"{running.prefix}referrals.dlq",
        done=lambda records: any(r.key.decode() == rid for r in records),
    )
    [parked] = [r for r in dead if r.key.decode() == rid]
    errors = dict(parked.headers)
    assert b"ValidationError" in errors["t2t-error"]
    assert errors["t2t-original-topic"] == f"{running.prefix}groups.events".encode()
