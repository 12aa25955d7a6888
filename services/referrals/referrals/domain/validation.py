"""Checks on the identifiers only referrals holds: NHS numbers and ODS codes.

Contact details (mobile, email, postcode) are checked by `t2t_shared.kernel.contact`, the
same way in every service.
"""

from __future__ import annotations

import re

import nhs_number

ODS_CODE = re.compile(r"^[A-Z0-9]{3,6}$")


def normalise_nhs_number(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value)
    if not digits.isdigit() or len(digits) != 10:
        raise ValueError("an NHS number has 10 digits")
    if not nhs_number.is_valid(digits):
        raise ValueError("not a valid NHS number (its check digit does not match)")
    return digits


def normalise_ods_code(value: str) -> str:
    code = value.strip().upper()
    if not ODS_CODE.match(code):
        raise ValueError("an ODS code has 3 to 6 letters and digits, e.g. B82005")
    return code
