"""CloudEvents 1.0 in Kafka binary mode: headers round-trip and `event_record` fills them in."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import ClassVar

import pytest
from pydantic import Field

from t2t_shared.envelope import (
    CloudEvent,
    MalformedEnvelope,
    event_record,
    header_value,
    new_traceparent,
)
from t2t_shared.events import IntegrationEvent

TRACEPARENT = re.compile(r"^00-(?P<trace>[0-9a-f]{32})-(?P<span>[0-9a-f]{16})-0[01]$")
RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
REQUIRED = ("ce_id", "ce_source", "ce_type", "ce_time")


class ParcelShipped(IntegrationEvent):
    service: ClassVar[str] = "depot"
    version: ClassVar[int] = 2
    subject_field: ClassVar[str] = "parcel_id"

    parcel_id: uuid.UUID = Field(description="The parcel")
    depot: str = Field(description="Where it left from")


def full_event() -> CloudEvent:
    return CloudEvent(
        id=str(uuid.uuid4()),
        source="/t2t/west-yorkshire/depot",
        type="t2t.depot.ParcelShipped.v2",
        subject=str(uuid.uuid4()),
        time=datetime(2026, 3, 10, 9, 30, 15, 123456, tzinfo=UTC),
        dataschema="https://example.org/schemas/depot/ParcelShipped.v2.json",
        traceparent=new_traceparent(),
    )


def headers_of(ce: CloudEvent) -> dict[str, str]:
    return {k: v.decode() for k, v in ce.to_headers()}


def test_headers_round_trip_every_attribute() -> None:
    ce = full_event()

    assert CloudEvent.from_headers(ce.to_headers()) == ce


def test_optional_attributes_are_left_out_and_come_back_as_none() -> None:
    ce = CloudEvent(
        id="e-1",
        source="/t2t/dev/depot",
        type="t2t.depot.X.v1",
        subject=None,
        time=datetime(2026, 1, 1, tzinfo=UTC),
    )

    names = [k for k, _ in ce.to_headers()]
    back = CloudEvent.from_headers(ce.to_headers())

    assert names == ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "content-type"]
    assert (back.subject, back.dataschema, back.traceparent) == (None, None, None)
    assert back == ce


def test_headers_carry_spec_version_and_json_content_type() -> None:
    headers = headers_of(full_event())

    assert headers["ce_specversion"] == "1.0"
    assert headers["content-type"] == "application/json"


def test_time_is_written_in_utc_with_a_z_whatever_the_zone_it_was_made_in() -> None:
    leeds_summer = timezone(timedelta(hours=1))
    ce = CloudEvent(
        id="e-2",
        source="s",
        type="t",
        subject=None,
        time=datetime(2026, 7, 1, 10, 0, 0, tzinfo=leeds_summer),
    )

    assert headers_of(ce)["ce_time"] == "2026-07-01T09:00:00Z"


@pytest.mark.parametrize("missing", REQUIRED)
def test_a_missing_required_header_is_a_malformed_envelope(missing: str) -> None:
    headers = [(k, v) for k, v in full_event().to_headers() if k != missing]

    with pytest.raises(MalformedEnvelope, match=missing):
        CloudEvent.from_headers(headers)


@pytest.mark.parametrize("empty", REQUIRED)
def test_a_null_or_empty_required_header_counts_as_missing(empty: str) -> None:
    headers: list[tuple[str, bytes | None]] = [
        (k, None if k == empty else v) for k, v in full_event().to_headers()
    ]

    with pytest.raises(MalformedEnvelope, match=empty):
        CloudEvent.from_headers(headers)


def test_no_headers_at_all_names_every_missing_one() -> None:
    with pytest.raises(MalformedEnvelope) as raised:
        CloudEvent.from_headers([])

    assert all(name in str(raised.value) for name in REQUIRED)


def test_a_time_that_is_not_rfc3339_is_a_malformed_envelope() -> None:
    headers = [(k, b"last tuesday" if k == "ce_time" else v) for k, v in full_event().to_headers()]

    with pytest.raises(MalformedEnvelope, match="ce_time"):
        CloudEvent.from_headers(headers)


def test_malformed_envelope_is_a_value_error() -> None:
    assert issubclass(MalformedEnvelope, ValueError)


class TestEventRecord:
    parcel_id = uuid.UUID("0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1")

    def record(self, **kwargs: object):  # type: ignore[no-untyped-def]
        return event_record(
            ParcelShipped(parcel_id=self.parcel_id, depot="Leeds"),
            topic="t2t.depot.events",
            source="/t2t/west-yorkshire/depot",
            schema_base_url="https://type2together.org.uk/schemas/",
            **kwargs,  # type: ignore[arg-type]
        )

    def test_is_keyed_and_subjected_by_the_aggregate_id(self) -> None:
        rec = self.record()

        assert rec.topic == "t2t.depot.events"
        assert rec.key == str(self.parcel_id)
        assert header_value(rec.headers, "ce_subject") == str(self.parcel_id)

    def test_value_is_the_event_data_as_json(self) -> None:
        rec = self.record()

        assert rec.value is not None
        assert json.loads(rec.value) == {"parcel_id": str(self.parcel_id), "depot": "Leeds"}

    def test_type_names_service_event_and_major_version(self) -> None:
        rec = self.record()

        assert header_value(rec.headers, "ce_type") == "t2t.depot.ParcelShipped.v2"
        assert header_value(rec.headers, "ce_source") == "/t2t/west-yorkshire/depot"

    def test_dataschema_points_at_the_major_version(self) -> None:
        rec = self.record()

        assert header_value(rec.headers, "ce_dataschema") == (
            "https://type2together.org.uk/schemas/depot/ParcelShipped.v2.json"
        )

    def test_time_is_rfc3339_utc_with_z(self) -> None:
        when = datetime(2026, 11, 26, 10, 30, tzinfo=timezone(timedelta(hours=2)))

        stamped = header_value(self.record(time=when).headers, "ce_time")
        now = header_value(self.record().headers, "ce_time")

        assert stamped == "2026-11-26T08:30:00Z"
        assert RFC3339_UTC.match(now or ""), now

    def test_traceparent_is_a_fresh_w3c_one_unless_given(self) -> None:
        first = header_value(self.record().headers, "traceparent")
        second = header_value(self.record().headers, "traceparent")
        given = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

        match = TRACEPARENT.match(first or "")
        assert match, first
        assert match.group("trace") != "0" * 32
        assert match.group("span") != "0" * 16
        assert first != second
        assert header_value(self.record(traceparent=given).headers, "traceparent") == given

    def test_event_id_is_the_ce_id_and_unique_per_record(self) -> None:
        a, b = self.record(), self.record()

        assert a.event_id == header_value(a.headers, "ce_id")
        assert uuid.UUID(a.event_id)
        assert a.event_id != b.event_id
        assert self.record(event_id="chosen-id").event_id == "chosen-id"

    def test_the_record_reads_back_as_a_cloud_event(self) -> None:
        rec = self.record(time=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))

        ce = CloudEvent.from_headers(rec.headers)

        assert ce.id == rec.event_id
        assert ce.type == "t2t.depot.ParcelShipped.v2"
        assert ce.subject == str(self.parcel_id)
        assert ce.time == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_header_value_skips_nulls_and_other_names() -> None:
    headers: list[tuple[str, bytes | None]] = [("a", None), ("b", b"1"), ("a", b"2")]

    assert header_value(headers, "a") == "2"
    assert header_value(headers, "c") is None
