"""Coordinators' steps on one referral: accept, reject, record a contact attempt, close.

Each step loads the referral `FOR UPDATE`, so two coordinators acting at once queue on
the row: the second sees the first's result and, if its step no longer applies, gets
the illegal-transition error with the status the first one left.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from referrals.domain.codes import RecordedBy
from referrals.domain.commands import (
    AcceptReferral,
    CloseReferral,
    RecordContactAttempt,
    RejectReferral,
    Triage,
)
from referrals.domain.journey import AttemptResult
from referrals.domain.model import Referral
from referrals.service_layer import publishing
from referrals.service_layer.policy import NotFound, OutOfScope, Policy
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.topics import Topics


@asynccontextmanager
async def _locked(cmd: Triage, uow: UnitOfWork) -> AsyncIterator[Referral]:
    async with uow:
        referral = await uow.referrals.get(cmd.referral_id, for_update=True)
        if referral is None:
            raise NotFound(cmd.referral_id)
        if cmd.areas is not None and referral.area not in cmd.areas:
            raise OutOfScope(referral.area)
        yield referral


async def accept(cmd: AcceptReferral, uow: UnitOfWork, topics: Topics, policy: Policy) -> Referral:
    async with _locked(cmd, uow) as referral:
        referral.accept(policy.clock())
        await uow.referrals.update(referral)
        await publishing.publish(referral, uow, topics)
        await uow.commit()
    return referral


async def reject(cmd: RejectReferral, uow: UnitOfWork, topics: Topics, policy: Policy) -> Referral:
    async with _locked(cmd, uow) as referral:
        referral.reject(cmd.reason, cmd.comment, policy.clock())
        await uow.referrals.update(referral)
        await publishing.publish(referral, uow, topics)
        await uow.commit()
    return referral


async def record_attempt(
    cmd: RecordContactAttempt, uow: UnitOfWork, topics: Topics, policy: Policy
) -> tuple[Referral, AttemptResult]:
    async with _locked(cmd, uow) as referral:
        result = referral.record_attempt(
            channel=cmd.channel,
            outcome=cmd.outcome,
            recorded_by=RecordedBy.COORDINATOR,
            at=policy.clock(),
            note=cmd.note,
            unreachable_after=policy.unreachable_after_failed_attempts,
            contact_target=policy.contact_target_working_days,
        )
        await uow.referrals.update(referral)
        await uow.referrals.add_attempt(referral.id, result.attempt)
        await publishing.publish(referral, uow, topics)
        await uow.commit()
    return referral, result


async def close(cmd: CloseReferral, uow: UnitOfWork, topics: Topics, policy: Policy) -> Referral:
    async with _locked(cmd, uow) as referral:
        referral.close(cmd.outcome, cmd.comment, policy.clock())
        await uow.referrals.update(referral)
        await publishing.publish(referral, uow, topics)
        await uow.commit()
    return referral
