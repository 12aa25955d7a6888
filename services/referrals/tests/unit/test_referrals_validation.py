"""Identifier and contact-detail checks shared by every way a referral arrives."""

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
    ("given", "e164"),
    [
        ("07700 900123", "+447700900123"),  # Ofcom drama range: accepted on purpose
        ("07700900999", "+447700900999"),
        ("+44 7700 900000", "+447700900000"),
        ("+44 7911 123456", "+447911123456"),
        ("07911 123456", "+447911123456"),
        ("(07911) 123-456", "+447911123456"),
    ],
)
def test_uk_mobiles_come_back_in_e164(given: str, e164: str) -> None:
    assert validation.normalise_uk_mobile(given) == e164


def test_a_landline_is_refused_because_texts_need_a_mobile() -> None:
    with pytest.raises(ValueError, match="mobile"):
        validation.normalise_uk_mobile("0113 496 0000")


@pytest.mark.parametrize("foreign", ["+33 6 12 34 56 78", "+1 202 555 0143", "+353 85 123 4567"])
def test_a_non_uk_number_is_refused(foreign: str) -> None:
    with pytest.raises(ValueError, match="not a valid UK mobile"):
        validation.normalise_uk_mobile(foreign)


@pytest.mark.parametrize("junk", ["07911 12345", "phone me", "0791112345678"])
def test_junk_is_not_a_mobile(junk: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        validation.normalise_uk_mobile(junk)


def test_the_drama_range_stops_at_its_edge() -> None:
    # 07700 901000 is outside Ofcom's drama block and not an allocated mobile either.
    with pytest.raises(ValueError, match="not a valid UK mobile"):
        validation.normalise_uk_mobile("07700 901000")


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("sam.taylor@example.org", "sam.taylor@example.org"),
        ("Sam.Taylor@EXAMPLE.org", "Sam.Taylor@example.org"),
        ("hyde.park@nhs.net", "hyde.park@nhs.net"),
    ],
)
def test_valid_emails_are_normalised(given: str, normalised: str) -> None:
    assert validation.normalise_email(given) == normalised


@pytest.mark.parametrize(
    "bad",
    ["sam.taylor.example.org", "sam@localhost", "sam..taylor@example.org", "sam@", "@example.org"],
)
def test_invalid_emails_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a valid email address"):
        validation.normalise_email(bad)


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("ls6 2ab", "LS6 2AB"),
        ("LS62AB", "LS6 2AB"),
        ("  ec1a 1bb ", "EC1A 1BB"),
        ("m1 1ae", "M1 1AE"),
        ("W1A0AX", "W1A 0AX"),
    ],
)
def test_postcodes_are_normalised(given: str, normalised: str) -> None:
    assert validation.normalise_postcode(given) == normalised


@pytest.mark.parametrize("bad", ["LS6", "12345", "LS6 2A", "LS6  2AB", "", "LS66 2AB X"])
def test_invalid_postcodes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="postcode"):
        validation.normalise_postcode(bad)


@pytest.mark.parametrize(
    ("given", "normalised"), [("b82005", "B82005"), (" Y02345 ", "Y02345"), ("RR8", "RR8")]
)
def test_ods_codes_are_upper_cased(given: str, normalised: str) -> None:
    assert validation.normalise_ods_code(given) == normalised


@pytest.mark.parametrize("bad", ["B8-2005", "AB", "B820051", "B82 005", ""])
def test_invalid_ods_codes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="ODS code"):
        validation.normalise_ods_code(bad)
