"""Messages about referrals: acknowledgement, receipt, outcome, a missed contact attempt."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from notifications import consumed_events as ev
from notifications.domain.model import Planned, RecipientKind
from notifications.domain.rules.common import area_name, iso, message

PERSON, REFERRER = RecipientKind.PERSON, RecipientKind.REFERRER
SOURCE_NAMES = {
    "gp": "GP practice",
    "self": "self-referral",
    "health_professional": "health professional",
    "community": "community organisation",
}
REJECTION_TEXT = {
    "ineligible": "peer support groups are not the right service for you at the moment",
    "out_of_area": "you live outside the area our groups cover",
    "other": "we are not able to offer you a place at the moment",
}
# The person already knows: they asked not to go ahead, or this is a second referral.
NOT_TOLD_TO_PERSON = {"declined_by_person", "duplicate"}
MISSED_OUTCOMES = {"no_answer", "left_message"}
# Preferred terms of the SNOMED CT concepts referrals puts on its events, so a practice can
# file the message in the GP record (the codes and their sources are in docs/events.md).
SNOMED_TERMS = {
    "871731000000106": "Referral to social prescribing service",
    "871711000000103": "Social prescribing declined",
}


def coded(code: str | None) -> tuple[str, str]:
    """The template's `snomed_code` and `snomed_term`; empty when the outcome has no code."""
    if not code or code not in SNOMED_TERMS:
        return "", ""
    return code, SNOMED_TERMS[code]


@dataclass(frozen=True)
class ReferralFacts:
    """What ReferralReceived told us, for the later events that do not repeat it."""

    referral_id: uuid.UUID
    person_id: uuid.UUID
    reference_code: str
    referrer_id: uuid.UUID | None
    ods_code: str | None


def referral_received(
    event: ev.ReferralReceived, contact_target_days: int, reference_code: str
) -> list[Planned]:
    """Acknowledge the person (only with consent) and give the referrer a receipt."""
    planned: list[Planned] = []
    if event.consent_to_contact:
        planned.append(
            message(
                event.person_id,
                PERSON,
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
                REFERRER,
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


def referral_accepted(event: ev.ReferralAccepted, facts: ReferralFacts | None) -> list[Planned]:
    reference = facts.reference_code if facts else ""
    planned = [
        message(
            event.person_id,
            PERSON,
            "referral_accepted",
            reference_code=reference,
            area_name=area_name(event.area),
        )
    ]
    return planned + _outcome_to_referrer(facts, "accepted", "", event.outcome_snomed_code)


def referral_rejected(event: ev.ReferralRejected, facts: ReferralFacts | None) -> list[Planned]:
    planned: list[Planned] = []
    if event.reason not in NOT_TOLD_TO_PERSON:
        planned.append(
            message(
                event.person_id,
                PERSON,
                "referral_rejected",
                reference_code=facts.reference_code if facts else "",
                reason_text=REJECTION_TEXT.get(event.reason, REJECTION_TEXT["other"]),
            )
        )
    reason = event.reason.replace("_", " ")
    return planned + _outcome_to_referrer(facts, "not accepted", reason, event.outcome_snomed_code)


def _outcome_to_referrer(
    facts: ReferralFacts | None, outcome: str, reason: str, snomed_code: str | None
) -> list[Planned]:
    if facts is None or facts.referrer_id is None:
        return []
    return [
        message(
            facts.referrer_id,
            REFERRER,
            "referral_outcome_referrer",
            reference_code=facts.reference_code,
            ods_code=facts.ods_code or "",
            outcome=outcome,
            reason=reason,
            snomed_code=coded(snomed_code)[0],
            snomed_term=coded(snomed_code)[1],
        )
    ]


def contact_attempted(event: ev.ContactAttempted, facts: ReferralFacts | None) -> list[Planned]:
    """A coordinator could not reach the person: tell them we tried, so they can call back."""
    if event.recorded_by != "coordinator" or event.outcome not in MISSED_OUTCOMES:
        return []
    return [
        message(
            event.person_id,
            PERSON,
            "contact_attempt_missed",
            reference_code=facts.reference_code if facts else "",
            attempted_at=iso(event.attempted_at),
            attempt_channel=event.channel,
        )
    ]
