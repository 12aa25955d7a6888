"""Checks on the contact details people give us: UK mobiles, email addresses, postcodes.

Each returns the normal form or raises ValueError with a fixed message that never quotes
the value back (error text must not carry personal data).
"""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
# Ofcom keeps 07700 900000-900999 for drama; GOV.UK Notify uses it for test numbers, and
# phonenumbers calls it invalid. We accept it on purpose, so test traffic looks like real traffic.
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
        # No DNS: deliverability checks would need the network and slow every request.
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        # Not the library's text: it can quote parts of the address back.
        raise ValueError("not a valid email address") from exc


def normalise_postcode(value: str) -> str:
    """`ls62ab` → `LS6 2AB`."""
    match = POSTCODE.match(value.strip().upper())
    if not match:
        raise ValueError("not a valid UK postcode")
    return f"{match.group(1)} {match.group(2)}"


def normalise_district(value: str) -> str:
    district = value.strip().upper()
    if not DISTRICT.match(district):
        raise ValueError("not a valid UK postcode district (outward code), e.g. LS6")
    return district


def district_of(postcode: str) -> str:
    """The outward code: every UK inward code is the last three characters."""
    return postcode.replace(" ", "").upper()[:-3]
