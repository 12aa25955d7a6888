"""What groups publishes on `t2t.groups.events` (public: no personal data).

Group-level events are keyed by `group_id` (`events.group`); a person's placement events by
their `referral_id` (`events.placement`), so one person's offers, joins and attendance stay
in order. The fields they share, with descriptions and examples, are in `events.fields`.
"""

from __future__ import annotations

from groups.events.fields import AnsweredBy, ScheduleData
from groups.events.group import (
    FacilitatorAssigned,
    GroupClosed,
    GroupCreated,
    GroupEvent,
    GroupFacilitatorLapsed,
    GroupOpened,
    GroupUpdated,
    SessionCancelled,
    SessionRescheduled,
    SessionScheduled,
)
from groups.events.placement import (
    AttendanceRecorded,
    MemberJoined,
    MemberLeft,
    MemberMoved,
    MemberWaitlisted,
    OfferDeclined,
    OfferExpired,
    PlacementCancelled,
    PlacementEvent,
    PlaceOffered,
)
from t2t_shared.events import IntegrationEvent

__all__ = [
    "PUBLISHED",
    "AnsweredBy",
    "AttendanceRecorded",
    "FacilitatorAssigned",
    "GroupClosed",
    "GroupCreated",
    "GroupEvent",
    "GroupFacilitatorLapsed",
    "GroupOpened",
    "GroupUpdated",
    "MemberJoined",
    "MemberLeft",
    "MemberMoved",
    "MemberWaitlisted",
    "OfferDeclined",
    "OfferExpired",
    "PlaceOffered",
    "PlacementCancelled",
    "PlacementEvent",
    "ScheduleData",
    "SessionCancelled",
    "SessionRescheduled",
    "SessionScheduled",
]

PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    GroupCreated,
    GroupOpened,
    GroupUpdated,
    GroupClosed,
    GroupFacilitatorLapsed,
    FacilitatorAssigned,
    SessionScheduled,
    SessionCancelled,
    SessionRescheduled,
    PlaceOffered,
    MemberWaitlisted,
    OfferDeclined,
    OfferExpired,
    PlacementCancelled,
    MemberJoined,
    MemberMoved,
    MemberLeft,
    AttendanceRecorded,
)
"""Every event type on `t2t.groups.events`: the contract generator reads this."""
