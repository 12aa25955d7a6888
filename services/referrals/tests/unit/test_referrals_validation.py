"""The identifiers only referrals checks: NHS numbers and ODS codes."""

from __future__ import annotations

import pytest

from referrals.domain import validation


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("9434765919", "9434765919"),
        ("4010232137", "4010232137"),
        ("943 476 5919", "9434765919"),
        (" 401 023 2137 ", "4010232137"),
        ("401-023-2137", "4010232137"),
    ],
)
def test_valid_nhs_numbers_are_normalised_to_ten_digits(given: str, normalised: str) -> None:
    assert validation.normalise_nhs_number(given) == normalised


@pytest.mark.parametrize("wrong_check_digit", ["9434765918", "4010232138", "943 476 5910"])
def test_a_wrong_check_digit_is_refused(wrong_check_digit: str) -> None:
    with pytest.raises(ValueError, match="check digit"):
        validation.normalise_nhs_number(wrong_check_digit)


@pytest.mark.parametrize("not_ten_digits", ["943476591", "94347659199", "94347659A9", "", "  "])
def test_anything_but_ten_digits_is_refused(not_ten_digits: str) -> None:
    with pytest.raises(ValueError, match="10 digits"):
        validation.normalise_nhs_number(not_ten_digits)


@pytest.mark.parametrize(
    ("given", "normalised"), [("b82005", "B82005"), (" Y02345 ", "Y02345"), ("RR8", "RR8")]
)
def test_ods_codes_are_upper_cased(given: str, normalised: str) -> None:
    assert validation.normalise_ods_code(given) == normalised


@pytest.mark.parametrize("bad", ["B8-2005", "AB", "B820051", "B82 005", ""])
def test_invalid_ods_codes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="ODS code"):
        validation.normalise_ods_code(bad)
