"""UK postcodes: normalising, and the outward code (district) and area they belong to."""

from __future__ import annotations

import re

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise_postcode(value: str) -> str:
    """`ls62ab` → `LS6 2AB`; raises ValueError when it is not a UK postcode."""
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


def area_of(postcode_or_district: str) -> str:
    """The postcode area: the leading letters (`LS6 2AB` → `LS`)."""
    letters = re.match(r"^[A-Z]+", postcode_or_district.strip().upper())
    return letters.group(0) if letters else ""
