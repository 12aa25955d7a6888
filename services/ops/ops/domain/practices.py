"""GP practices as the register publishes them, their outreach, and how they refer.

A practice is `never` when no referral from it was ever received, `lapsed` when its last
one is older than 90 days, `active` otherwise. Outreach is judged by the referrals received
in the 90 days after each engagement against the 90 days before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ops.domain.observed import ObservedEvent

LAPSED_AFTER = timedelta(days=90)
OUTREACH_WINDOW = timedelta(days=90)
EngagementStatus = Literal["never", "lapsed", "active"]
STATUSES: tuple[EngagementStatus, ...] = ("never", "lapsed", "active")


@dataclass(frozen=True)
class Practice:
    ods_code: str
    name: str | None
    area: str | None
    status: str | None
    postcode_district: str | None
    registered_at: datetime | None

    @classmethod
    def of(cls, event: ObservedEvent) -> Practice | None:
        ods_code = event.text("ods_code") or event.subject
        if not ods_code:
            return None
        return cls(
            ods_code,
            event.text("name"),
            event.area,
            event.text("status"),
            event.text("postcode_district"),
            event.moment("registered_at") or event.time,
        )


@dataclass(frozen=True)
class Engagement:
    outreach_id: str
    ods_code: str
    area: str | None
    kind: str | None
    engaged_at: datetime

    @classmethod
    def of(cls, event: ObservedEvent) -> Engagement | None:
        ods_code = event.text("ods_code") or event.subject
        if not ods_code:
            return None
        return cls(
            event.text("outreach_id") or event.id,
            ods_code,
            event.area,
            event.text("kind"),
            event.moment("engaged_at") or event.time,
        )


def engagement_status(last_referral: datetime | None, now: datetime) -> EngagementStatus:
    if last_referral is None:
        return "never"
    return "lapsed" if now - last_referral > LAPSED_AFTER else "active"


@dataclass(frozen=True)
class PracticeSummary:
    ods_code: str
    name: str | None
    area: str | None
    register_status: str | None
    status: EngagementStatus
    referrals: int
    last_referral_at: datetime | None


@dataclass(frozen=True)
class MonthCount:
    month: str
    """`YYYY-MM`."""
    count: int


@dataclass(frozen=True)
class OutreachEffect:
    outreach_id: str
    kind: str | None
    engaged_at: datetime
    referrals_before: int
    """Referrals received in the 90 days before the engagement."""
    referrals_after: int
    """Referrals received in the 90 days after it."""


@dataclass(frozen=True)
class PracticeEngagement:
    summary: PracticeSummary
    postcode_district: str | None
    referrals_by_month: tuple[MonthCount, ...]
    joined: int
    conversion_to_joined: float | None
    median_hours_to_first_contact: float | None
    outreach: tuple[OutreachEffect, ...]
