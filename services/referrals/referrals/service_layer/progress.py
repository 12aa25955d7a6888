"""Other services' events that move a referral on: groups' placements, notifications' failures.

Each runs once per event (the inbox claim commits with its effects). An event for a
referral we do not know, or one that would move a referral backwards (late, repeated,
or after closing), is logged and skipped: retrying it could never succeed.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import structlog

from referrals.domain.codes import AttemptChannel, AttemptOutcome, RecordedBy, Status
from referrals.domain.errors import IllegalTransition
from referrals.domain.journey import Progress
from referrals.service_layer import publishing
from referrals.service_layer.policy import Policy
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.topics import Topics

log = structlog.get_logger(__name__)

# Failures that mean the address itself is wrong, as against the message not getting through.
BAD_ADDRESS = {"no_address", "rejected_by_provider"}
# The recipient's own permanent failures, for events from before notifications said `scope`.
RECIPIENT_REASONS = {"no_address", "rejected_by_provider", "undeliverable"}


def is_failed_contact(reason: str | None, scope: str | None) -> bool:
    """Only a failure of the person's own details counts as a contact attempt.

    A provider outage, an unknown outcome or our own error (`scope` "platform") never
    moves a referral towards `unreachable`: nobody tried to reach the person and failed.
    """
    if scope is not None:
        return scope == "recipient"
    return reason in RECIPIENT_REASONS


async def advance(
    referral_id: uuid.UUID,
    to: Status,
    group_id: uuid.UUID,
    at: datetime,
    meta: EventMeta,
    uow: UnitOfWork,
    topics: Topics,
) -> Progress | None:
    """Placed, joined or attended; None when the event was already handled or is unknown."""
    async with uow:
        if not await uow.inbox.claim(meta.source, meta.id):
            return None
        referral = await uow.referrals.get(referral_id, for_update=True)
        if referral is None:
            log.warning("event_for_unknown_referral", referral_id=str(referral_id))
            await uow.commit()
            return None
        progress = referral.advance(to, group_id, at)
        if progress is Progress.ADVANCED:
            await uow.referrals.update(referral)
            await publishing.publish(referral, uow, topics)
        else:
            log.info(
                "referral_not_advanced",
                referral_id=str(referral_id),
                status=referral.status.value,
                to=to.value,
                why=progress.value,
            )
        await uow.commit()
        return progress


async def record_notification_failure(
    referral_id: uuid.UUID,
    channel: str,
    reason: str | None,
    meta: EventMeta,
    uow: UnitOfWork,
    topics: Topics,
    policy: Policy,
    scope: str | None = None,
) -> bool:
    """A message to the person that failed for good on their details is a failed attempt."""
    async with uow:
        if not await uow.inbox.claim(meta.source, meta.id):
            return False
        if not is_failed_contact(reason, scope):
            log.info("notification_failure_not_counted", referral_id=str(referral_id))
            await uow.commit()
            return False
        referral = await uow.referrals.get(referral_id, for_update=True)
        if referral is None:
            log.info("notification_failure_not_about_a_referral", subject_id=str(referral_id))
            await uow.commit()
            return False
        outcome = AttemptOutcome.WRONG_NUMBER if reason in BAD_ADDRESS else AttemptOutcome.NO_ANSWER
        try:
            result = referral.record_attempt(
                channel=AttemptChannel(channel)
                if channel in ("sms", "email")
                else AttemptChannel.EMAIL,
                outcome=outcome,
                recorded_by=RecordedBy.NOTIFICATION_FAILURE,
                at=meta.time or policy.clock(),
                unreachable_after=policy.unreachable_after_failed_attempts,
                contact_target=policy.contact_target_working_days,
            )
        except IllegalTransition:
            log.info("notification_failure_after_close", referral_id=str(referral_id))
            await uow.commit()
            return False
        await uow.referrals.update(referral)
        await uow.referrals.add_attempt(referral.id, result.attempt)
        await publishing.publish(referral, uow, topics)
        await uow.commit()
        return True
