"""The referral funnel: received → … → regular attender, per area and source."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ops.domain.observed import ObservedEvent

STAGES = (
    "received",
    "accepted",
    "contacted",
    "placed",
    "joined",
    "attended_first_session",
    "regular_attender",
)
ALL_SOURCES = "all"


@dataclass
class Journey:
    """The stages one referral reached; keyed by referral id in referrals' and groups' events.

    Each stage counts only on its own event: groups offers a place as soon as a referral is
    accepted, so someone never reached can still be placed, and is not counted contacted.
    """

    referral_id: str
    area: str | None = None
    source: str = "unknown"
    received_at: datetime | None = None
    reached: set[str] = field(default_factory=set)
    seconds_to_first_contact: float | None = None
    within_target: bool | None = None

    def reach(self, stage: str) -> None:
        self.reached.add(stage)


@dataclass(frozen=True)
class StageCount:
    stage: str
    count: int
    conversion: float | None
    """Share of the previous stage that reached this one (None where there was none)."""


@dataclass(frozen=True)
class FunnelRow:
    source: str
    stages: list[StageCount]


@dataclass(frozen=True)
class FirstContact:
    contacted: int
    median_seconds: float | None
    within_target: int
    within_target_share: float | None


@dataclass(frozen=True)
class FunnelReport:
    area: str | None
    since: datetime | None
    rows: list[FunnelRow]
    first_contact: FirstContact


@dataclass
class Funnel:
    journeys: dict[str, Journey] = field(default_factory=dict)

    def apply(self, event: ObservedEvent) -> None:
        stage = _stage_of(event)
        if stage is None:
            return
        referral_id = event.text("referral_id") or event.subject
        if not referral_id:
            return
        journey = self.journeys.setdefault(referral_id, Journey(referral_id))
        journey.area = journey.area or event.area
        if event.service == "referrals":
            source = event.text("source")
            if source:
                journey.source = source
            journey.received_at = journey.received_at or event.moment("received_at")
        if event.name == "ReferralContacted":
            journey.seconds_to_first_contact = event.number("seconds_to_first_contact")
            journey.within_target = event.flag("within_target")
        if event.name == "AttendanceRecorded" and event.flag("regular_attender"):
            journey.reach("regular_attender")
        journey.reach(stage)

    def report(self, *, area: str | None = None, since: datetime | None = None) -> FunnelReport:
        chosen = [j for j in self.journeys.values() if _matches(j, area, since)]
        sources = sorted({j.source for j in chosen})
        rows = [FunnelRow(ALL_SOURCES, _counts(chosen))]
        rows += [FunnelRow(s, _counts([j for j in chosen if j.source == s])) for s in sources]
        return FunnelReport(area, since, rows, _first_contact(chosen))


def _stage_of(event: ObservedEvent) -> str | None:
    if event.name == "AttendanceRecorded":
        present = event.text("attendance") == "present" or event.flag("first_attended")
        return "attended_first_session" if present else None
    return {
        "ReferralReceived": "received",
        "ReferralAccepted": "accepted",
        "ReferralContacted": "contacted",
        "PlaceOffered": "placed",
        "MemberJoined": "joined",
    }.get(event.name)


def _matches(journey: Journey, area: str | None, since: datetime | None) -> bool:
    if area is not None and journey.area != area:
        return False
    return since is None or (journey.received_at is not None and journey.received_at >= since)


def _counts(journeys: list[Journey]) -> list[StageCount]:
    return stage_counts({s: sum(1 for j in journeys if s in j.reached) for s in STAGES})


def stage_counts(reached: Mapping[str, int]) -> list[StageCount]:
    """Each stage's count and its conversion from the previous stage."""
    counts: list[StageCount] = []
    previous: int | None = None
    for stage in STAGES:
        count = reached.get(stage, 0)
        conversion = None if not previous else round(count / previous, 4)
        counts.append(StageCount(stage, count, conversion))
        previous = count
    return counts


def _first_contact(journeys: list[Journey]) -> FirstContact:
    seconds = [
        j.seconds_to_first_contact for j in journeys if j.seconds_to_first_contact is not None
    ]
    within = sum(1 for j in journeys if j.within_target)
    contacted = sum(1 for j in journeys if j.within_target is not None)
    return FirstContact(
        contacted=contacted,
        median_seconds=statistics.median(seconds) if seconds else None,
        within_target=within,
        within_target_share=round(within / contacted, 4) if contacted else None,
    )
