"""The services' tests feed their consumers records written by hand; each builder's records fit
the producer's published schema (docs/contract). The builders check as they build; this
checks again from outside, so a builder that stops checking cannot drift unnoticed either."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.groups.tests.integration import upstream_records as groups_upstream
from services.notifications.tests.integration.records import Group, Person, Publisher, Volunteer
from services.referrals.tests.integration import peer_records
from services.volunteers.tests.integration import support as volunteers_support
from tests.fixtures.contract_payloads import check_payload

PREFIX = "t2t.test."
# Added on purpose after the check, to show consumers read a later minor version tolerantly.
UNPUBLISHED = "a_field_added_later"
Made = Iterable[Any]


def _new() -> str:
    return str(uuid.uuid4())


def _notifications() -> dict[str, Callable[[], Made]]:
    pub = Publisher(PREFIX)
    p, v, g = Person(pub), Volunteer(pub), Group(pub)
    session, day = _new(), timedelta(days=1)
    return {
        "notifications: a person's records": lambda: [
            p.contact(), p.referrer_contact(), p.received(), p.received_v1(), p.accepted(),
            p.rejected(), p.contact_attempted(),
        ],
        "notifications: a placement": lambda: [
            p.offered(g), p.waitlisted(), p.joined(g), p.left(g),
        ],
        "notifications: a volunteer": lambda: [
            v.contact(), v.contact(supervisor=False), v.applied(), v.screening_started(),
            v.screened(), v.training_started(), v.trained(), v.renewal_due(),
        ],
        "notifications: a group": lambda: [
            g.created((v,)), g.assigned(v), g.session_scheduled(session, day),
            g.session_cancelled(session, day), g.session_rescheduled(session, day, 2 * day),
        ],
    }  # fmt: skip


def _groups() -> dict[str, Callable[[], Made]]:
    return {
        "groups: volunteers' events": lambda: [
            groups_upstream.facilitator_trained(PREFIX, _new()),
            groups_upstream.volunteer_left(PREFIX, _new()),
        ],
        "groups: referrals' events": lambda: [
            groups_upstream.referral_accepted(
                PREFIX, _new(), district="LS6", received_at=datetime.now(UTC)
            ),
            groups_upstream.referral_closed(PREFIX, _new(), outcome="other", erased=True),
        ],
    }


def _referrals() -> dict[str, Callable[[], Made]]:
    ids = {"referral_id": uuid.uuid4(), "person_id": uuid.uuid4(), "group_id": uuid.uuid4()}
    failed = peer_records.NotificationFailed(subject_id=_new(), recipient_id=uuid.uuid4())
    return {
        "referrals: groups' and notifications' events": lambda: [
            peer_records.record(PREFIX, peer_records.PlaceOffered(**ids)),
            peer_records.record(PREFIX, peer_records.MemberJoined(**ids)),
            peer_records.record(PREFIX, peer_records.AttendanceRecorded(**ids)),
            peer_records.record(PREFIX, failed),
            peer_records.record(PREFIX, failed.model_copy(update={"scope": "platform"})),
        ],
    }


def _volunteers() -> dict[str, Callable[[], Made]]:
    return {
        "volunteers: groups' FacilitatorAssigned": lambda: [
            volunteers_support.facilitator_assigned(PREFIX, _new())
        ],
    }


BUILDERS = {**_notifications(), **_groups(), **_referrals(), **_volunteers()}


def _checked(record: Any) -> bool:
    _, _, value, headers = record
    ce_type = dict(headers).get("ce_type")
    if value is None or ce_type is None:
        return False  # a tombstone, or a contact record without an envelope
    data = json.loads(value)
    data.pop(UNPUBLISHED, None)
    check_payload(ce_type.decode(), data)
    return True


@pytest.mark.parametrize("builder", BUILDERS)
def test_each_builders_records_fit_the_published_schema(builder: str) -> None:
    records = list(BUILDERS[builder]())
    assert records
    assert all(_checked(r) for r in records)
