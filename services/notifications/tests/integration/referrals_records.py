"""Records exactly as the referrals service publishes them (its contract, not its code)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from t2t_shared.envelope import CloudEvent, new_traceparent

Record = tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]
SOURCE = "/t2t/dev/referrals"


def _record(
    topic: str, key: str, ce_type: str, data: dict[str, Any], ce_id: str | None = None
) -> Record:
    ce = CloudEvent(
        id=ce_id or str(uuid.uuid4()),
        source=SOURCE,
        type=ce_type,
        subject=key,
        time=datetime.now(UTC),
        dataschema=f"https://type2together.org.uk/schemas/referrals/{ce_type.split('.')[2]}.v1.json",
        traceparent=new_traceparent(),
    )
    return topic, key.encode(), json.dumps(data).encode(), ce.to_headers()


class ReferralStory:
    """One referral: the person's and the practice's contact records and ReferralReceived."""

    def __init__(self, prefix: str, *, channel: str = "email", consent: bool = True) -> None:
        self.prefix = prefix
        self.referral_id = str(uuid.uuid4())
        self.person_id = str(uuid.uuid4())
        self.referrer_id = str(uuid.uuid4())
        self.channel = channel
        self.consent = consent
        self.event_id = str(uuid.uuid4())
        self.reference_code = "T2T-" + uuid.uuid4().hex[:6].upper()

    def person_contact(self) -> Record:
        return _record(
            f"{self.prefix}referrals.contacts",
            self.person_id,
            "t2t.referrals.PersonContact.v1",
            {
                "person_id": self.person_id,
                "given_name": "Alex",
                "email": f"alex.{self.person_id[:8]}@example.org",
                "mobile": "+447700900" + str(int(self.person_id[:3], 16) % 1000).zfill(3),
                "preferred_channel": self.channel,
                "consent_to_contact": self.consent,
            },
        )

    def referrer_contact(self) -> Record:
        return _record(
            f"{self.prefix}referrals.contacts",
            self.referrer_id,
            "t2t.referrals.ReferrerContact.v1",
            {
                "referrer_id": self.referrer_id,
                "ods_code": "B82005",
                "name": "Hyde Park Surgery",
                "email": "hyde.park@nhs.example",
            },
        )

    def received(self) -> Record:
        return _record(
            f"{self.prefix}referrals.events",
            self.referral_id,
            "t2t.referrals.ReferralReceived.v1",
            {
                "referral_id": self.referral_id,
                "person_id": self.person_id,
                "reference_code": self.reference_code,
                "source": "gp",
                "area": "leeds",
                "referrer_id": self.referrer_id,
                "ods_code": "B82005",
                "consent_to_contact": self.consent,
                "preferred_channel": self.channel,
                "postcode_district": "LS6",
                "age_band": "60-69",
                "received_at": datetime.now(UTC).isoformat(),
                "a_field_added_later": "consumers read tolerantly",
            },
            ce_id=self.event_id,
        )

    def erased(self) -> Record:
        return f"{self.prefix}referrals.contacts", self.person_id.encode(), None, []
