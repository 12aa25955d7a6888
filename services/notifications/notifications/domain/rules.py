"""Which messages an event calls for: the service's rules, free of any infrastructure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from notifications.domain.model import Channel, Planned, Recipient

BOTH = (Channel.EMAIL, Channel.SMS)
EMAIL_ONLY = (Channel.EMAIL,)
SOURCE_NAMES = {
    "gp": "GP practice",
    "self": "self-referral",
    "health_professional": "health professional",
    "community": "community organisation",
}


def referral_received(
    *,
    person: Recipient,
    referrer: Recipient | None,
    consent_to_contact: bool,
    reference_code: str,
    area: str,
    source: str,
    received_at: datetime,
    ods_code: str | None,
    contact_target_days: int,
) -> list[Planned]:
    """Acknowledge the person (only with consent) and give the referrer a receipt."""
    planned: list[Planned] = []
    if consent_to_contact and person.consent:
        planned.append(
            Planned(
                recipient_id=person.id,
                recipient_kind="person",
                template="referral_acknowledgement",
                channel=person.channel_for(BOTH),
                data=_data(
                    reference_code=reference_code,
                    area_name=area.replace("-", " ").title(),
                    contact_target_days=contact_target_days,
                ),
            )
        )
    if referrer is not None:
        planned.append(
            Planned(
                recipient_id=referrer.id,
                recipient_kind="referrer",
                template="referral_receipt_referrer",
                channel=referrer.channel_for(EMAIL_ONLY),
                data=_data(
                    reference_code=reference_code,
                    received_at=received_at.isoformat(),
                    source=SOURCE_NAMES.get(source, source),
                    ods_code=ods_code or "",
                    contact_target_days=contact_target_days,
                ),
            )
        )
    return planned


def _data(**values: Any) -> dict[str, Any]:
    return values


def personal_context(recipient: Recipient) -> dict[str, Any]:
    """Added to a template's data at send time, so stored notifications hold no names."""
    if recipient.kind == "person":
        return {"given_name": recipient.name}
    return {"practice_name": recipient.name}
