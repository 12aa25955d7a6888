"""The outreach log: a coordinator's visit, call or email to a practice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

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


def engaged_at(on: date, now: datetime) -> datetime:
    """The start of the UK day it happened; a day after today (UK) is refused."""
    if on > now.astimezone(LONDON).date():
        raise OutreachInFuture("the date is in the future")
    return datetime.combine(on, time(0), LONDON)
