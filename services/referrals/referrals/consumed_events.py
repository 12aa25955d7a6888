"""Our tolerant view of other services' events: only the fields referrals reads."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from t2t_shared.events import ConsumedEvent

PLACE_OFFERED = "t2t.groups.PlaceOffered.v1"
MEMBER_JOINED = "t2t.groups.MemberJoined.v1"
ATTENDANCE_RECORDED = "t2t.groups.AttendanceRecorded.v1"
NOTIFICATION_FAILED = "t2t.notifications.NotificationFailed.v1"


class PlaceOffered(ConsumedEvent):
    CE_TYPE: ClassVar[str] = PLACE_OFFERED
    referral_id: UUID
    group_id: UUID
    offered_at: datetime | None = None


class MemberJoined(ConsumedEvent):
    CE_TYPE: ClassVar[str] = MEMBER_JOINED
    referral_id: UUID
    group_id: UUID


class AttendanceRecorded(ConsumedEvent):
    CE_TYPE: ClassVar[str] = ATTENDANCE_RECORDED
    referral_id: UUID
    group_id: UUID
    attendance: str
    session_starts_at: datetime | None = None


class NotificationFailed(ConsumedEvent):
    CE_TYPE: ClassVar[str] = NOTIFICATION_FAILED
    notification_id: UUID
    subject_id: str
    recipient_kind: str
    channel: str
    reason: str | None = None
    failed_at: datetime | None = None
    # `recipient` | `platform`; absent from events published before it was added.
    scope: str | None = None
