"""One batch of observed events folded into the durable read models' rows.

The store loads the rows the batch touches, this applies the events to them in order (the
same rules as the in-memory models), and the store writes them back in one transaction with
the batch's offsets. Only the rows of one batch are ever in memory.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ops.domain.capacity import GroupState, groups_of, update_groups
from ops.domain.journey import Journey, may_start_journey, referral_of
from ops.domain.notifications import OUTCOMES
from ops.domain.observed import ObservedEvent
from ops.domain.practices import Engagement, Practice
from ops.domain.providers import PAUSED, RESUMED, Providers
from ops.domain.volunteers import VolunteerState, update_volunteer, volunteer_of


@dataclass(frozen=True)
class NotificationOutcome:
    notification_id: str
    outcome: str
    area: str | None
    channel: str
    reason: str | None


@dataclass
class SessionCount:
    session_id: str
    area: str | None
    day: object
    present: int = 0
    lines: int = 0


@dataclass(frozen=True)
class BatchKeys:
    referrals: set[str]
    groups: set[str]
    volunteers: set[str]
    providers: set[str]


def keys_of(events: list[ObservedEvent]) -> BatchKeys:
    keys = BatchKeys(set(), set(), set(), set())
    for event in events:
        if (referral := referral_of(event)) is not None:
            keys.referrals.add(referral)
        keys.groups.update(groups_of(event))
        if (volunteer := volunteer_of(event)) is not None:
            keys.volunteers.add(volunteer)
        if (provider := provider_of(event)) is not None:
            keys.providers.add(provider)
    return keys


def provider_of(event: ObservedEvent) -> str | None:
    if event.service != "notifications" or event.name not in (PAUSED, RESUMED):
        return None
    return event.text("provider") or event.subject


@dataclass
class ProjectionBatch:
    """Loaded rows in, changed rows out; `apply` needs every touched row loaded (or absent)."""

    journeys: dict[str, Journey] = field(default_factory=dict)
    groups: dict[str, GroupState] = field(default_factory=dict)
    volunteers: dict[str, VolunteerState] = field(default_factory=dict)
    providers: Providers = field(default_factory=Providers)
    counts: Counter[str] = field(default_factory=Counter)
    notifications: dict[tuple[str, str], NotificationOutcome] = field(default_factory=dict)
    sessions: dict[str, SessionCount] = field(default_factory=dict)
    practices: dict[str, Practice] = field(default_factory=dict)
    engagements: dict[str, Engagement] = field(default_factory=dict)
    erased_before: set[str] = field(default_factory=set)
    """Referral ids of the batch that were erased in an earlier batch (their rows re-keyed)."""

    def apply(self, events: list[ObservedEvent]) -> None:
        for event in events:
            self.counts[event.type] += 1
            self._one(event)

    def erased(self) -> list[str]:
        return [j.referral_id for j in self.journeys.values() if j.erased]

    def _one(self, event: ObservedEvent) -> None:
        if (referral := referral_of(event)) is not None:
            self._journey(referral, event)
        update_groups(self.groups, event)
        if (volunteer := volunteer_of(event)) is not None:
            update_volunteer(
                self.volunteers.setdefault(volunteer, VolunteerState(event.area)), event
            )
        self.providers.apply(event)
        if event.service == "notifications":
            self._notification(event)
        elif event.name == "AttendanceRecorded":
            self._attendance(event)
        elif event.name == "PracticeRegistered" and (practice := Practice.of(event)):
            self.practices[practice.ods_code] = practice
        elif event.name == "PracticeEngaged" and (engagement := Engagement.of(event)):
            self.engagements[engagement.outreach_id] = engagement

    def _journey(self, referral: str, event: ObservedEvent) -> None:
        journey = self.journeys.get(referral)
        if journey is None:
            if referral in self.erased_before and not may_start_journey(event):
                return  # late news of an erased referral: its counts are in its re-keyed row
            journey = self.journeys[referral] = Journey(referral)
        journey.apply(event)

    def _notification(self, event: ObservedEvent) -> None:
        outcome = OUTCOMES.get(event.name)
        if outcome is None:
            return
        notification = event.text("notification_id") or event.subject or event.id
        reason = None
        if outcome == "failed":
            reason = event.text("failure_code") or event.text("reason") or "unknown"
        key = (notification, outcome)
        self.notifications.setdefault(
            key,
            NotificationOutcome(
                notification, outcome, event.area, event.text("channel") or "unknown", reason
            ),
        )

    def _attendance(self, event: ObservedEvent) -> None:
        session_id = event.text("session_id")
        if session_id is None:
            return
        day = (event.moment("session_starts_at") or event.time).date()
        count = self.sessions.setdefault(session_id, SessionCount(session_id, event.area, day))
        count.lines += 1
        count.present += 1 if event.text("attendance") == "present" else 0
