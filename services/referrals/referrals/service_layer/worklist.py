"""Coordinators' worklist and the commissioners' referrer report (read only)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from referrals.domain.journey import ContactAttempt
from referrals.domain.model import Referral
from referrals.domain.queries import ReferrerCount, WorklistQuery
from referrals.domain.working_days import LONDON, overdue_before, working_days_between
from referrals.service_layer.policy import NotFound, OutOfScope, Policy
from referrals.service_layer.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class WorklistEntry:
    referral: Referral
    waiting_working_days: int
    overdue: bool


@dataclass(frozen=True)
class Worklist:
    entries: list[WorklistEntry]
    total: int


def start_of(day: date) -> datetime:
    """Local midnight: "received on 3 March" means in UK time, not UTC."""
    return datetime.combine(day, time(0), tzinfo=LONDON)


def received_between(start: date | None, end: date | None) -> tuple[datetime | None, ...]:
    """Inclusive local dates as a half-open range of instants."""
    return (
        start_of(start) if start else None,
        start_of(end + timedelta(days=1)) if end else None,
    )


async def worklist(query: WorklistQuery, uow: UnitOfWork, policy: Policy) -> Worklist:
    now = policy.clock()
    target = policy.contact_target_working_days
    query = replace(query, overdue_before=overdue_before(now, target))
    async with uow:
        page = await uow.queries.worklist(query)
    entries = []
    for referral in page.referrals:
        waited_until = referral.contacted_at or referral.closed_at or referral.rejected_at or now
        waited = working_days_between(referral.received_at, waited_until)
        waiting = referral.contacted_at is None and referral.is_open
        entries.append(WorklistEntry(referral, waited, waiting and waited > target))
    return Worklist(entries, page.total)


async def referrer_counts(
    areas: tuple[str, ...] | None, start: date, end: date, uow: UnitOfWork
) -> list[ReferrerCount]:
    async with uow:
        return await uow.queries.referrer_counts(
            areas, start_of(start), start_of(end + timedelta(days=1))
        )


async def contact_attempts(
    referral_id: uuid.UUID, areas: tuple[str, ...] | None, uow: UnitOfWork
) -> list[ContactAttempt]:
    async with uow:
        referral = await uow.referrals.get(referral_id)
        if referral is None:
            raise NotFound(referral_id)
        if areas is not None and referral.area not in areas:
            raise OutOfScope(referral.area)
        return await uow.referrals.attempts(referral_id)
