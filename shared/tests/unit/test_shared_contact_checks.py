"""The contact-detail checks every service shares: UK mobiles, email addresses, postcodes."""

from __future__ import annotations

import pytest

from t2t_shared.kernel import contact


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
    assert contact.normalise_uk_mobile(given) == e164


def test_a_landline_is_refused_because_texts_need_a_mobile() -> None:
    with pytest.raises(ValueError, match="mobile"):
        contact.normalise_uk_mobile("0113 496 0000")


@pytest.mark.parametrize("foreign", ["+33 6 12 34 56 78", "+1 202 555 0143", "+353 85 123 4567"])
def test_a_non_uk_number_is_refused(foreign: str) -> None:
    with pytest.raises(ValueError, match="not a valid UK mobile"):
        contact.normalise_uk_mobile(foreign)


@pytest.mark.parametrize("junk", ["07911 12345", "phone me", "0791112345678"])
def test_junk_is_not_a_mobile(junk: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        contact.normalise_uk_mobile(junk)


def test_the_drama_range_stops_at_its_edge() -> None:
    # 07700 901000 is outside Ofcom's drama block and not an allocated mobile either.
    with pytest.raises(ValueError, match="not a valid UK mobile"):
        contact.normalise_uk_mobile("07700 901000")


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("sam.taylor@example.org", "sam.taylor@example.org"),
        ("Sam.Taylor@EXAMPLE.org", "Sam.Taylor@example.org"),
        ("hyde.park@nhs.net", "hyde.park@nhs.net"),
    ],
)
def test_valid_emails_are_normalised(given: str, normalised: str) -> None:
    assert contact.normalise_email(given) == normalised


@pytest.mark.parametrize(
    "bad",
    ["sam.taylor.example.org", "sam@localhost", "sam..taylor@example.org", "sam@", "@example.org"],
)
def test_invalid_emails_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a valid email address"):
        contact.normalise_email(bad)


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
    assert contact.normalise_postcode(given) == normalised


@pytest.mark.parametrize("bad", ["LS6", "12345", "LS6 2A", "LS6  2AB", "", "LS66 2AB X"])
def test_invalid_postcodes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="postcode"):
        contact.normalise_postcode(bad)
