"""A contact record as the directory keeps it: the recipient it describes."""

from __future__ import annotations

from notifications import consumed_events as inbound
from notifications.domain.model import Channel, Recipient
from notifications.service_layer.rules.referral_received import REFERENCE

SUPERVISOR = ("supervisor_name", "supervisor_role", "supervisor_organisation")

Contact = inbound.PersonContact | inbound.ReferrerContact | inbound.VolunteerContact


def person_recipient(contact: inbound.PersonContact) -> Recipient:
    return Recipient(
        id=contact.person_id,
        kind="person",
        name=contact.given_name,
        email=contact.email,
        mobile=contact.mobile,
        preferred_channel=_channel(contact.preferred_channel),
        consent=contact.consent_to_contact,
        details={REFERENCE: contact.reference_code} if contact.reference_code else {},
    )


def referrer_recipient(contact: inbound.ReferrerContact) -> Recipient:
    return Recipient(
        id=contact.referrer_id,
        kind="referrer",
        name=contact.name,
        email=contact.email,
        consent=True,
    )


def volunteer_recipient(contact: inbound.VolunteerContact) -> Recipient:
    details = {f: v for f in SUPERVISOR if (v := getattr(contact, f))}
    return Recipient(
        id=contact.volunteer_id,
        kind="volunteer",
        name=contact.given_name,
        email=contact.email,
        mobile=contact.mobile,
        preferred_channel=_channel(contact.preferred_channel),
        consent=contact.consent_to_contact,
        details=details,
    )


def recipient_of(contact: Contact) -> Recipient:
    if isinstance(contact, inbound.PersonContact):
        return person_recipient(contact)
    if isinstance(contact, inbound.ReferrerContact):
        return referrer_recipient(contact)
    return volunteer_recipient(contact)


def _channel(value: str) -> Channel:
    return Channel.SMS if value == Channel.SMS.value else Channel.EMAIL
