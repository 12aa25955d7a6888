"""The public events of a received referral: v2 always, v1 only during its deprecation window."""

from __future__ import annotations

from referrals.domain import snomed
from referrals.domain.model import Referral
from referrals.events import ReferralReceived, ReferralReceivedV2


def received_events(
    referral: Referral, *, publish_v1: bool
) -> list[ReferralReceivedV2 | ReferralReceived]:
    """v2 first: the platform's own consumers act on it and skip the v1 copy that follows."""
    referrer, person = referral.referrer, referral.person
    assert person is not None
    v2 = ReferralReceivedV2(
        referral_id=referral.id,
        person_id=person.id,
        source=referral.source.value,
        area=referral.area,
        referrer_id=referrer.id if referrer else None,
        ods_code=referrer.ods_code if referrer else None,
        consent_to_contact=referral.consent_to_contact,
        preferred_channel=person.preferred_channel.value,
        postcode_district=referral.postcode_district,
        age_band=referral.age_band,
        received_at=referral.received_at,
        format_preference=referral.format_preference.value if referral.format_preference else None,
        snomed_code=snomed.referred(),
    )
    if not publish_v1:
        return [v2]
    v1 = ReferralReceived(**v2.model_dump(), reference_code=referral.reference_code)
    return [v2, v1]
