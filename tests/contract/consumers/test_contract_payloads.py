"""The shared helper that checks hand-written upstream payloads against docs/contract."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from tests.fixtures.contract_payloads import (
    PayloadDrift,
    check_payload,
    message_example,
    published_types,
    upstream,
)

MOVED = "t2t.groups.MemberMoved.v1"


@pytest.mark.parametrize("ce_type", published_types())
def test_every_published_example_fits_its_own_schema(ce_type: str) -> None:
    check_payload(ce_type, message_example(ce_type))


def test_a_payload_with_python_values_is_written_as_the_wire_has_it() -> None:
    ids = {k: uuid.uuid4() for k in ("referral_id", "person_id", "from_group_id", "group_id")}
    data = upstream(MOVED, message_example(MOVED) | ids)
    assert data["group_id"] == str(ids["group_id"])


def test_drift_names_the_event_and_each_refused_field() -> None:
    payload = message_example(MOVED) | {"area": 3, "moved_at": datetime.now(UTC)}
    del payload["group_id"]
    with pytest.raises(PayloadDrift) as caught:
        check_payload(MOVED, payload)
    message = str(caught.value)
    assert message.startswith(MOVED)
    assert "area: 3 is not of type 'string'" in message
    assert "'group_id' is a required property" in message
    assert "moved_at" in message  # closed schema: an unknown field is refused


def test_a_time_without_its_zone_is_refused() -> None:
    payload = message_example("t2t.groups.PlaceOffered.v1") | {"offered_at": "2026-12-08T18:30"}
    with pytest.raises(PayloadDrift, match="offered_at"):
        check_payload("t2t.groups.PlaceOffered.v1", payload)


def test_an_unpublished_type_is_refused() -> None:
    with pytest.raises(PayloadDrift, match="no such event"):
        check_payload("t2t.groups.MemberTeleported.v1", {})
