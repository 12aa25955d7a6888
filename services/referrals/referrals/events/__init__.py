"""What referrals publishes: its public events and its restricted contact records.

The contract generator reads `PUBLISHED` (every type on `t2t.referrals.events`) and
`CONTACTS` (every type on the restricted `t2t.referrals.contacts`).
"""

from __future__ import annotations

from referrals.events.contacts import PersonContact, ReferrerContact
from referrals.events.practice import PracticeEngaged, PracticeEvent, PracticeRegistered
from referrals.events.received import ReferralReceived, ReferralReceivedV2
from referrals.events.referral import (
    ContactAttempted,
    FormatPreference,
    GroupStageEvent,
    ReferralAccepted,
    ReferralAttended,
    ReferralClosed,
    ReferralContacted,
    ReferralEvent,
    ReferralJoined,
    ReferralPlaced,
    ReferralRejected,
    Source,
)
from t2t_shared.events import IntegrationEvent

__all__ = [
    "CONTACTS",
    "PUBLISHED",
    "ContactAttempted",
    "FormatPreference",
    "GroupStageEvent",
    "PersonContact",
    "PracticeEngaged",
    "PracticeEvent",
    "PracticeRegistered",
    "ReferralAccepted",
    "ReferralAttended",
    "ReferralClosed",
    "ReferralContacted",
    "ReferralEvent",
    "ReferralJoined",
    "ReferralPlaced",
    "ReferralReceived",
    "ReferralReceivedV2",
    "ReferralRejected",
    "ReferrerContact",
    "Source",
]

PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    ReferralReceived,
    ReferralReceivedV2,
    ReferralAccepted,
    ReferralRejected,
    ContactAttempted,
    ReferralContacted,
    ReferralPlaced,
    ReferralJoined,
    ReferralAttended,
    ReferralClosed,
    PracticeRegistered,
    PracticeEngaged,
)
"""Every event type on `t2t.referrals.events`: the contract generator reads this."""

CONTACTS: tuple[type[IntegrationEvent], ...] = (PersonContact, ReferrerContact)
"""Every record type on the restricted `t2t.referrals.contacts` topic."""
