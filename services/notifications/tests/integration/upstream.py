"""Upstream events as the handlers receive them, each checked against the producer's contract.

The contract's published example, with the fields a test states: what referrals could send.
"""

from __future__ import annotations

import uuid
from typing import Any

from notifications import consumed_events as ev
from tests.fixtures.contract_payloads import consumed, consumed_example


def received(version: int, **fields: Any) -> ev.ReferralReceived:
    """ReferralReceived.v1 carries `reference_code`; v2 does not (it is on the contact)."""
    ce_type = f"t2t.referrals.ReferralReceived.v{version}"
    return consumed_example(ev.ReferralReceived, ce_type, **fields)


def accepted(**fields: Any) -> ev.ReferralAccepted:
    return consumed_example(ev.ReferralAccepted, "t2t.referrals.ReferralAccepted.v1", **fields)


def person_contact(person_id: uuid.UUID, **fields: Any) -> ev.PersonContact:
    data = {
        "person_id": person_id,
        "given_name": "Sam",
        "email": "sam@example.org",
        "mobile": None,
        "preferred_channel": "email",
        "consent_to_contact": True,
    }
    return consumed(ev.PersonContact, "t2t.referrals.PersonContact.v1", data | fields)


def referrer_contact(referrer_id: uuid.UUID, **fields: Any) -> ev.ReferrerContact:
    data = {
        "referrer_id": referrer_id,
        "ods_code": "B82005",
        "name": "Surgery",
        "email": "surgery@nhs.example",
    }
    return consumed(ev.ReferrerContact, "t2t.referrals.ReferrerContact.v1", data | fields)
