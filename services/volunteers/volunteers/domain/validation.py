"""Checks on an applicant's contact details (the approach of referrals, in our own words)."""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

# Ofcom keeps 07700 900000-900999 for drama; GOV.UK Notify uses it for test numbers and
# phonenumbers calls it invalid. Accepted on purpose, so test traffic looks like real traffic.
DRAMA_MOBILES = re.compile(r"^\+447700900\d{3}$")


def normalise_uk_mobile(value: str) -> str:
    """A UK mobile in E.164 form (+447…)."""
    try:
        parsed = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValueError("not a phone number") from exc
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if DRAMA_MOBILES.match(e164):
        return e164
    if parsed.country_code != 44 or not phonenumbers.is_valid_number(parsed):
        raise ValueError("not a valid UK mobile number")
    if phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.MOBILE:
        raise ValueError("not a UK mobile number (texts need a mobile)")
    return e164


def normalise_email(value: str) -> str:
    try:
        # No DNS: deliverability checks need the network and would slow every application.
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        # Fixed text, not the library's: its message can quote the address back.
        raise ValueError("not a valid email address") from exc
