"""ReferralReceived, v1 and v2: the person is acknowledged, the referrer gets a receipt.

During v1's deprecation window referrals publishes both copies of one referral, on its key
and one after the other. The first copy is acted on and the second skipped (`copy_of`), so
nobody is acknowledged twice. v2 has no reference code: it comes on the person's contact
record (restricted topic), so a v2 whose person is not known yet waits for that record
(`waits_for`), like any message whose recipient is not known yet, even when the person is
not written to (the practice's receipt quotes the code too).
"""

from __future__ import annotations

import uuid

from notifications import consumed_events as ev
from notifications.domain.facts import ReferralFacts
from notifications.domain.model import Planned, RecipientKind
from notifications.domain.plans import area_name, iso, message
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules.referral_outcomes import coded
from notifications.service_layer.rules.rule import BY_REFERRAL, Rule, ce_type
from notifications.service_layer.unit_of_work import UnitOfWork

REFERENCE = "reference_code"  # where a person's code is kept among their recipient details
SOURCE_NAMES = {
    "gp": "GP practice",
    "self": "self-referral",
    "health_professional": "health professional",
    "community": "community organisation",
}


def referral_received(
    event: ev.ReferralReceived, contact_target_days: int, reference_code: str
) -> list[Planned]:
    """Acknowledge the person (only with consent) and give the referrer a receipt."""
    planned: list[Planned] = []
    if event.consent_to_contact:
        planned.append(
            message(
                event.person_id,
                RecipientKind.PERSON,
                "referral_acknowledgement",
                reference_code=reference_code,
                area_name=area_name(event.area),
                contact_target_days=contact_target_days,
            )
        )
    if event.referrer_id is not None:
        planned.append(
            message(
                event.referrer_id,
                RecipientKind.REFERRER,
                "referral_receipt_referrer",
                reference_code=reference_code,
                received_at=iso(event.received_at),
                source=SOURCE_NAMES.get(event.source, event.source),
                ods_code=event.ods_code or "",
                contact_target_days=contact_target_days,
                snomed_code=coded(event.snomed_code)[0],
                snomed_term=coded(event.snomed_code)[1],
            )
        )
    return planned


async def known_reference(person_id: uuid.UUID, uow: UnitOfWork) -> str | None:
    person = (await uow.recipients.get_many([person_id])).get(person_id)
    return person.details.get(REFERENCE) if person else None


async def remember(event: ev.ReferralReceived, uow: UnitOfWork, planning: Planning) -> None:
    reference = event.reference_code or await known_reference(event.person_id, uow)
    await uow.read_model.save_referral(
        ReferralFacts(
            event.referral_id, event.person_id, reference or "", event.referrer_id, event.ods_code
        )
    )


async def plan(event: ev.ReferralReceived, uow: UnitOfWork, p: Planning) -> list[Planned]:
    reference = event.reference_code or await known_reference(event.person_id, uow)
    if reference and not event.reference_code:
        # `remember` may have run before the person's record was committed.
        await uow.read_model.note_reference(event.person_id, reference)
    return referral_received(event, p.contact_target_days, reference or "")


def waits_for(event: ev.ReferralReceived) -> list[uuid.UUID]:
    return [] if event.reference_code else [event.person_id]


def writes_to(event: ev.ReferralReceived) -> list[uuid.UUID]:
    return [r for r in (event.person_id, event.referrer_id) if r is not None]


def copy_of(event: ev.ReferralReceived) -> uuid.UUID:
    """Its referral: once its facts are kept, the other version was handled already."""
    return event.referral_id


RULES = tuple(
    Rule(
        ce_type("referrals", "ReferralReceived", major),
        ev.ReferralReceived,
        BY_REFERRAL,
        plan,
        apply=remember,
        waits_for=waits_for,
        copy_of=copy_of,
        writes_to=writes_to,
    )
    for major in (1, 2)
)
