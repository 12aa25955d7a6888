"""The outreach log: a coordinator's visit, call or email to a practice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from referrals.domain.events import PracticeEngaged

LONDON = ZoneInfo("Europe/London")


class OutreachKind(StrEnum):
    VISIT = "visit"
    CALL = "call"
    EMAIL = "email"


class OutreachInFuture(ValueError):
    """Outreach is recorded after it happened."""


@dataclass(frozen=True)
class Outreach:
    id: uuid.UUID
    ods_code: str
    area: str | None
    kind: OutreachKind
    engaged_at: datetime
    note: str | None
    recorded_by: str
    recorded_at: datetime
    events: list[PracticeEngaged] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def log(
        cls,
        ods_code: str,
        area: str | None,
        kind: OutreachKind,
        at: datetime,
        note: str | None,
        recorded_by: str,
        now: datetime,
    ) -> Outreach:
        """A new entry of the log, engaged `at` (see `engaged_at`), recorded `now`."""
        entry = cls(uuid.uuid4(), ods_code, area, kind, at, note, recorded_by, now)
        entry.events.append(PracticeEngaged(entry.id))
        return entry


def engaged_at(on: date, now: datetime) -> datetime:
    """The start of the UK day it happened; a day after today (UK) is refused."""
    if on > now.astimezone(LONDON).date():
        raise OutreachInFuture("the date is in the future")
    return datetime.combine(on, time(0), LONDON)
