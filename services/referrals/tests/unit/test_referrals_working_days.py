"""Working days in England and Wales, and when a waiting referral becomes overdue."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from referrals.domain.duplicates import identity_keys, lock_ids
from referrals.domain.model import Person
from referrals.domain.working_days import (
    is_overdue,
    is_working_day,
    overdue_before,
    working_days_between,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (utc(2026, 3, 10, 9), utc(2026, 3, 10, 17), 0),  # same day
        (utc(2026, 3, 10, 17), utc(2026, 3, 11, 8), 1),  # next morning
        (utc(2026, 3, 13, 16), utc(2026, 3, 16, 9), 1),  # Friday to Monday
        (utc(2026, 3, 14, 10), utc(2026, 3, 15, 10), 0),  # a weekend
        # Maundy Thursday to the Tuesday after Easter: Good Friday and Easter Monday are off.
        (utc(2026, 4, 2, 12), utc(2026, 4, 7, 12), 1),
        # Christmas Eve to the Tuesday after: Christmas, Boxing Day (observed 28th) are off.
        (utc(2026, 12, 24, 12), utc(2026, 12, 29, 12), 1),
    ],
)
def test_working_days_between(start: datetime, end: datetime, days: int) -> None:
    assert working_days_between(start, end) == days


def test_days_are_counted_in_uk_time() -> None:
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (BST): received on the Thursday.
    received = utc(2026, 7, 1, 23, 30)
    assert working_days_between(received, utc(2026, 7, 2, 12)) == 0


def test_bank_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 5, 25))  # Spring bank holiday
    assert is_working_day(date(2026, 5, 26))


@pytest.mark.parametrize("target", [1, 2, 3])
def test_the_overdue_cut_off_agrees_with_counting_day_by_day(target: int) -> None:
    """For every arrival hour over five weeks round Easter, `received < cut-off` ⇔ overdue."""
    now = utc(2026, 4, 14, 15)
    cut_off = overdue_before(now, target)
    received = utc(2026, 3, 16, 0)
    while received < now:
        assert (received < cut_off) is is_overdue(received, now, target), received
        received += timedelta(hours=5)


def test_two_working_days_from_a_tuesday_morning() -> None:
    received = utc(2026, 3, 10, 9)
    assert not is_overdue(received, utc(2026, 3, 12, 17), 2)
    assert is_overdue(received, utc(2026, 3, 13, 8), 2)


def test_the_same_person_claims_the_same_identities() -> None:
    def person(given: str, postcode: str, nhs: str | None) -> Person:
        return Person(
            id=uuid.uuid4(),
            given_name=given,
            family_name="Ramsbottom",
            date_of_birth=date(1961, 4, 12),
            postcode=postcode,
            nhs_number=nhs,
        )

    a = identity_keys("leeds", person("Philippa", "LS6 2AB", "9434765919"))
    b = identity_keys("leeds", person("PHILIPPA ", "LS62AB", None))
    assert a[0] == b[0]
    assert len(a) == 2
    assert len(b) == 1
    assert identity_keys("york", person("Philippa", "LS6 2AB", None))[0] != b[0]
    assert lock_ids(a) == sorted(lock_ids(list(reversed(a))))
