"""What notifications remembers of other services' events, for the events that follow."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ReferralFacts:
    """What ReferralReceived told us, for the later events that do not repeat it."""

    referral_id: uuid.UUID
    person_id: uuid.UUID
    reference_code: str
    referrer_id: uuid.UUID | None
    ods_code: str | None


@dataclass(frozen=True)
class GroupFacts:
    """What notifications remembers of a group (groups' public events)."""

    group_id: uuid.UUID
    area: str
    name: str
    format: str
    schedule_text: str
    venue_name: str | None = None
    venue_address: str | None = None
    joining_link: str | None = None

    def place(self) -> dict[str, str]:
        return {
            "format": self.format,
            "venue_name": self.venue_name or "",
            "venue_address": self.venue_address or "",
            "joining_link": self.joining_link or "",
        }


@dataclass(frozen=True)
class SessionFacts:
    session_id: uuid.UUID
    group_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    venue_name: str | None = None
    joining_link: str | None = None
    cancelled: bool = False
