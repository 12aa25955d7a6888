"""Use cases of the referral journey: plain functions of a command and a unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from referrals.domain.commands import ReceiveReferral
from referrals.domain.duplicates import blocking_match, identity_keys, lock_ids
from referrals.domain.model import DuplicateFlag, Person, Referral, Referrer
from referrals.domain.register import PracticeStatus
from referrals.service_layer import publishing
from referrals.service_layer.policy import KeyTaken, NotFound
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.topics import Topics

# The caller of the public self-referral form: no token, nobody to disclose anything to.
ANONYMOUS = "self-referral"

__all__ = ["ANONYMOUS", "DuplicateReferral", "NotFound", "Received", "get_referral"]


class UnknownPractice(Exception):
    """The referrer's ODS code is not in the practice register (HTTP 422)."""


class ClosedPractice(Exception):
    """The register has the referring practice as closed (HTTP 422)."""


class IdempotencyKeyReused(Exception):
    """The same Idempotency-Key came back with a different request body."""


class DuplicateReferral(Exception):
    """The person already has an open referral in this area (HTTP 409 with its id)."""

    def __init__(self, existing_id: uuid.UUID) -> None:
        self.existing_id = existing_id
        super().__init__(f"an open referral already exists: {existing_id}")


@dataclass(frozen=True)
class Received:
    referral: Referral
    created: bool


async def receive_referral(
    cmd: ReceiveReferral,
    uow: UnitOfWork,
    topics: Topics,
    clock: Clock = utc_now,
    *,
    publish_v1: bool = True,
) -> Received:
    """Record a referral and, in the same transaction, its public event and contact records.

    `publish_v1`: also publish the deprecated ReferralReceived.v1 (T2T_PUBLISH_DEPRECATED_EVENTS).
    """
    try:
        return await _receive(cmd, uow, topics, clock, publish_v1)
    except KeyTaken:
        # Two retries of one request raced on the same Idempotency-Key; the winner's stands.
        return await _replay(cmd, uow)


async def _receive(
    cmd: ReceiveReferral, uow: UnitOfWork, topics: Topics, clock: Clock, publish_v1: bool
) -> Received:
    async with uow:
        d = cmd.person
        person = Person(
            id=uuid.uuid4(),
            given_name=d.given_name,
            family_name=d.family_name,
            date_of_birth=d.date_of_birth,
            postcode=d.postcode,
            nhs_number=d.nhs_number,
            email=d.email,
            mobile=d.mobile,
            preferred_channel=d.preferred_channel,
        )
        # Held until commit: a second referral of the same person waits here, then finds ours.
        # A retry racing its original waits here too, then finds the original's key below.
        await uow.referrals.lock_identities(lock_ids(identity_keys(cmd.area, person)))
        facts = await uow.intake.facts(
            cmd.area,
            person,
            ods_code=cmd.referrer.ods_code if cmd.referrer else None,
            caller=cmd.caller,
            idempotency_key=cmd.idempotency_key,
        )
        if cmd.idempotency_key and facts.stored_key is not None:
            stored = facts.stored_key
            return await _existing(cmd, stored.request_hash, stored.referral_id, uow)
        matches = facts.matches
        blocking = blocking_match(matches, anonymous=cmd.caller == ANONYMOUS)
        if blocking is not None:
            raise DuplicateReferral(blocking.referral_id)
        referrer = _referrer(cmd, facts.referrer)
        referral = Referral.receive(
            source=cmd.source,
            area=cmd.area,
            person=person,
            consent_to_contact=cmd.consent_to_contact,
            received_at=clock(),
            referrer=referrer,
            notes=cmd.notes,
            format_preference=cmd.format_preference,
        )
        await uow.referrals.add(referral)
        await uow.referrals.flag_duplicates(referral.id, matches, referral.received_at)
        referral.possible_duplicates = [
            DuplicateFlag(m.referral_id, m.matched_by, referral.received_at) for m in matches
        ]
        if cmd.idempotency_key and cmd.request_hash:
            await uow.idempotency.remember(
                cmd.caller, cmd.idempotency_key, cmd.request_hash, referral.id
            )
        await publishing.publish(referral, uow, topics, publish_v1=publish_v1)
        await uow.commit()
        return Received(referral, created=True)


async def _replay(cmd: ReceiveReferral, uow: UnitOfWork) -> Received:
    assert cmd.idempotency_key is not None
    async with uow:
        stored = await uow.idempotency.find(cmd.caller, cmd.idempotency_key)
        if stored is None:
            raise RuntimeError("idempotency key vanished after a conflict")
        return await _existing(cmd, stored.request_hash, stored.referral_id, uow)


async def _existing(
    cmd: ReceiveReferral, request_hash: str, referral_id: uuid.UUID, uow: UnitOfWork
) -> Received:
    if request_hash != cmd.request_hash:
        raise IdempotencyKeyReused(cmd.idempotency_key)
    referral = await uow.referrals.get(referral_id)
    if referral is None:
        raise NotFound(referral_id)
    return Received(referral, created=False)


def _referrer(cmd: ReceiveReferral, practice: Referrer | None) -> Referrer | None:
    """The referring practice as the register has it: its name and email are the register's."""
    if cmd.referrer is None:
        return None
    if practice is None or practice.registered_at is None:
        raise UnknownPractice(cmd.referrer.ods_code)
    if practice.status is PracticeStatus.CLOSED:
        raise ClosedPractice(cmd.referrer.ods_code)
    return practice


async def get_referral(referral_id: uuid.UUID, uow: UnitOfWork) -> Referral:
    async with uow:
        referral = await uow.referrals.get(referral_id)
    if referral is None:
        raise NotFound(referral_id)
    return referral
