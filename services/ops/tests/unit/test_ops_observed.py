"""Decoding records tolerantly: the envelope, the area, and what is not one of our events."""

from __future__ import annotations

import json

from ops.domain.observed import decode
from services.ops.tests.synthetic import Catalogue

from .support import NOW


def test_a_catalogue_event_decodes_with_its_envelope_and_area() -> None:
    record = Catalogue().referral(area="york", at=NOW)[0]
    event = decode(
        topic=record.topic, partition=1, offset=7, value=record.value, headers=record.headers
    )
    assert event is not None
    assert (event.service, event.name, event.area) == ("referrals", "ReferralReceived", "york")
    assert event.id == record.event_id
    assert event.subject == record.key
    assert event.time == NOW
    assert (event.topic, event.partition, event.offset) == (record.topic, 1, 7)


def test_unknown_fields_and_odd_values_are_tolerated() -> None:
    record = Catalogue().notification(area="leeds", at=NOW)
    # Deliberately off-contract: a field no published version has yet.
    data = json.loads(record.value or b"") | {"a_new_optional_field": [1, 2]}
    event = decode(
        topic=record.topic,
        partition=0,
        offset=0,
        value=json.dumps(data).encode(),
        headers=record.headers,
    )
    assert event is not None
    assert event.text("channel") == "email"
    assert event.number("channel") is None
    garbled = decode(
        topic=record.topic, partition=0, offset=0, value=b"not json", headers=record.headers
    )
    assert garbled is not None
    assert garbled.data == {}
    assert garbled.area is None


def test_tombstones_and_foreign_records_are_not_events() -> None:
    record = Catalogue().notification(area="leeds", at=NOW)
    assert decode(topic="t", partition=0, offset=0, value=None, headers=record.headers) is None
    foreign = [(k, b"com.example.Thing" if k == "ce_type" else v) for k, v in record.headers]
    assert decode(topic="t", partition=0, offset=0, value=b"{}", headers=foreign) is None
    no_id = [(k, v) for k, v in record.headers if k != "ce_id"]
    assert decode(topic="t", partition=0, offset=0, value=b"{}", headers=no_id) is None


def test_an_id_or_source_with_a_control_character_is_not_one_of_ours() -> None:
    record = Catalogue().notification(area="leeds", at=NOW)
    for header, bad in [("ce_id", b"abc\x1fdef"), ("ce_source", b"/t2t/dev\nnotifications")]:
        headers = [(k, bad if k == header else v) for k, v in record.headers]
        decoded = decode(
            topic=record.topic, partition=0, offset=0, value=record.value, headers=headers
        )
        assert decoded is None
