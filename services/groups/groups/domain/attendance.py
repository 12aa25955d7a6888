"""A session's register, and what it says about a member."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum


class Attendance(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


# SNOMED CT concept a GP system can file, by register mark: 281399006 |Did not attend|.
# "Present" has no verified concept of the UK social-prescribing set, and apologies are
# not a failure to attend, so neither carries one.
SNOMED_CODES = {Attendance.ABSENT: "281399006"}

REGULAR_WINDOW = 4
REGULAR_PRESENT = 3


def regular_attender(history: Sequence[Attendance]) -> bool:
    """Present at 3 of their last 4 sessions (`history` oldest first, up to this one)."""
    recent = history[-REGULAR_WINDOW:]
    return sum(a is Attendance.PRESENT for a in recent) >= REGULAR_PRESENT


def first_attended(history: Sequence[Attendance]) -> bool:
    """This line (the last of `history`) is the member's first `present`."""
    return (
        bool(history)
        and history[-1] is Attendance.PRESENT
        and Attendance.PRESENT not in history[:-1]
    )
