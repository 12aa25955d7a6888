"""Records exactly as referrals and volunteers publish them (their contract, not their code).

Every payload is checked against the producer's published schema (docs/contract) as it is built.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from t2t_shared.envelope import CloudEvent, new_traceparent
from tests.fixtures.contract_payloads import upstream

Record = tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]


def _record(
    prefix: str,
    service: str,
    key: str,
    name: str,
    data: dict[str, Any],
    unpublished: dict[str, Any] | None = None,
) -> Record:
    """`unpublished`: fields added after the contract check, to show consumers read tolerantly."""
    ce_type = f"t2t.{service}.{name}.v1"
    data = upstream(ce_type, data) | (unpublished or {})
    ce = CloudEvent(
        id=str(uuid.uuid4()),
        source=f"/t2t/dev/{service}",
        type=ce_type,
        subject=key,
        time=datetime.now(UTC),
        dataschema=f"https://type2together.org.uk/schemas/{service}/{name}.v1.json",
        traceparent=new_traceparent(),
    )
    topic = f"{prefix}{service}.events"
    return topic, key.encode(), json.dumps(data, default=str).encode(), ce.to_headers()


def facilitator_trained(
    prefix: str, volunteer_id: str, area: str = "leeds", valid_until: date | None = None
) -> Record:
    now = datetime.now(UTC)
    return _record(
        prefix,
        "volunteers",
        volunteer_id,
        "FacilitatorTrained",
        {
            "volunteer_id": volunteer_id,
            "area": area,
            "course": "core_facilitator",
            "completed_at": now.isoformat(),
            "valid_until": (valid_until or (now + timedelta(days=365)).date()).isoformat(),
        },
    )


def volunteer_left(prefix: str, volunteer_id: str, area: str = "leeds") -> Record:
    return _record(
        prefix,
        "volunteers",
        volunteer_id,
        "VolunteerLeft",
        {
            "volunteer_id": volunteer_id,
            "area": area,
            "reason": "moved",
            "stage_left_from": "active",
            "left_at": datetime.now(UTC).isoformat(),
        },
    )


def referral_accepted(
    prefix: str,
    referral_id: str,
    *,
    district: str,
    received_at: datetime,
    area: str = "leeds",
    format_preference: str | None = None,
) -> Record:
    return _record(
        prefix,
        "referrals",
        referral_id,
        "ReferralAccepted",
        {
            "referral_id": referral_id,
            "person_id": str(uuid.uuid4()),
            "area": area,
            "source": "gp",
            "postcode_district": district,
            "format_preference": format_preference,
            "received_at": received_at.isoformat(),
            "accepted_at": datetime.now(UTC).isoformat(),
        },
        # Not in the contract, deliberately: a field a later minor version may add.
        unpublished={"a_field_added_later": "consumers read tolerantly"},
    )


def referral_closed(
    prefix: str, referral_id: str, *, outcome: str, erased: bool, area: str = "leeds"
) -> Record:
    return _record(
        prefix,
        "referrals",
        referral_id,
        "ReferralClosed",
        {
            "referral_id": referral_id,
            "person_id": str(uuid.uuid4()),
            "area": area,
            "outcome": outcome,
            "closed_at": datetime.now(UTC).isoformat(),
            "erased": erased,
        },
    )
