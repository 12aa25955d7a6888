"""During ReferralReceived.v1's deprecation window referrals publishes v1 and v2 of every
referral: the console counts the referral once, whichever copies it sees."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from ops.domain.funnel import Funnel
from ops.domain.observed import ObservedEvent, decode
from t2t_shared.envelope import CloudEvent
from tests.fixtures.contract_payloads import upstream

RECEIVED_AT = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def received(referral_id: str, major: int, offset: int) -> ObservedEvent:
    data = {
        "referral_id": referral_id,
        "area": "leeds",
        "person_id": str(uuid.uuid4()),
        "source": "gp",
        "consent_to_contact": True,
        "preferred_channel": "sms",
        "postcode_district": "LS6",
        "age_band": "60-69",
        "received_at": RECEIVED_AT.isoformat(),
        "referrer_id": None,
        "ods_code": None,
    } | ({"reference_code": "T2T-4F7K2Q"} if major == 1 else {})
    data = upstream(f"t2t.referrals.ReferralReceived.v{major}", data)
    ce = CloudEvent(
        id=str(uuid.uuid4()),
        source="/t2t/dev/referrals",
        type=f"t2t.referrals.ReferralReceived.v{major}",
        subject=referral_id,
        time=RECEIVED_AT,
    )
    event = decode(
        topic="t2t.referrals.events",
        partition=0,
        offset=offset,
        value=json.dumps(data).encode(),
        headers=ce.to_headers(),
    )
    assert event is not None
    return event


@pytest.mark.parametrize("majors", [(2, 1), (1, 2), (1,), (2,)])
def test_a_referral_is_received_once_whatever_versions_arrive(majors: tuple[int, ...]) -> None:
    funnel = Funnel()
    referral = str(uuid.uuid4())

    for offset, major in enumerate(majors):
        funnel.apply(received(referral, major, offset))

    (everyone, *_) = funnel.report(area="leeds").rows
    counts = {c.stage: c.count for c in everyone.stages}
    assert counts["received"] == 1
