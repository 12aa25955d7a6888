"""The NHS-number check: a correct check digit is accepted, any single-digit change refused."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from referrals.domain.validation import normalise_nhs_number


def check_digit(first_nine: str) -> int | None:
    """Modulus 11 with weights 10..2; 10 means no valid number has these nine digits."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    return 0 if check == 11 else None if check == 10 else check


@st.composite
def nhs_numbers(draw: st.DrawFn) -> str:
    # English numbers (400 000 0000 to 499 999 9999): the lower ranges hold Scottish CHI
    # numbers, which the library also checks as dates.
    first_nine = "4" + draw(st.text("0123456789", min_size=8, max_size=8))
    check = check_digit(first_nine)
    assume(check is not None)
    return f"{first_nine}{check}"


@given(nhs_numbers())
def test_a_number_with_its_check_digit_is_accepted_in_any_usual_spelling(number: str) -> None:
    assert normalise_nhs_number(number) == number
    assert normalise_nhs_number(f"{number[:3]} {number[3:6]} {number[6:]}") == number
    assert normalise_nhs_number(f"{number[:3]}-{number[3:6]}-{number[6:]}") == number


@given(nhs_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_changed_is_refused(number: str, position: int, shift: int) -> None:
    digit = (int(number[position]) + shift) % 10
    changed = f"{number[:position]}{digit}{number[position + 1 :]}"
    with pytest.raises(ValueError, match="NHS number"):
        normalise_nhs_number(changed)


@given(st.text("0123456789", max_size=12).filter(lambda s: len(s) != 10))
def test_anything_but_ten_digits_is_refused(digits: str) -> None:
    with pytest.raises(ValueError, match="10 digits"):
        normalise_nhs_number(digits)
