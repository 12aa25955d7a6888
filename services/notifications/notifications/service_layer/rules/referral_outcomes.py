"""ReferralAccepted, ReferralRejected, ContactAttempted: the person and the referrer told.

None of them repeats the reference code or the referrer: both come from what the
referral's ReferralReceived left in the read model.
"""

from __future__ import annotations

from notifications import consumed_events as ev
from notifications.domain.facts import ReferralFacts
from notifications.domain.model import Planned, RecipientKind
from notifications.domain.plans import area_name, iso, message
from notifications.service_layer.rules.rule import BY_REFERRAL, Rule, about_referral, ce_type

PERSON, REFERRER = RecipientKind.PERSON, RecipientKind.REFERRER
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


RULES = (
    Rule(
        ce_type("referrals", "ReferralAccepted"),
        ev.ReferralAccepted,
        BY_REFERRAL,
        about_referral(referral_accepted),
    ),
    Rule(
        ce_type("referrals", "ReferralRejected"),
        ev.ReferralRejected,
        BY_REFERRAL,
        about_referral(referral_rejected),
    ),
    Rule(
        ce_type("referrals", "ContactAttempted"),
        ev.ContactAttempted,
        BY_REFERRAL,
        about_referral(contact_attempted),
    ),
)
