"""The shared UK mobile and postcode checks: normal forms are stable and well formed."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from t2t_shared.kernel.contact import (
    DISTRICT,
    POSTCODE,
    district_of,
    normalise_district,
    normalise_postcode,
    normalise_uk_mobile,
)

E164_UK_MOBILE = re.compile(r"^\+447\d{9}$")
NORMAL_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$")

subscriber = st.text("0123456789", min_size=8, max_size=8)
mobile_prefix = st.sampled_from(["71", "73", "74", "75", "77", "78", "79"])


def spellings(national: str) -> list[str]:
    """One number as people write it: 07…, +44 7…, 0044 7…, with or without spaces."""
    rest = national[1:]
    return [
        national,
        f"{national[:5]} {national[5:]}",
        f"+44{rest}",
        f"+44 {rest[:4]} {rest[4:]}",
        f"0044{rest}",
        f"(0){rest}",
    ]


@given(mobile_prefix, subscriber)
def test_a_mobile_normalises_once_and_the_same_whatever_the_spelling(
    prefix: str, number: str
) -> None:
    national = f"0{prefix}{number}"
    try:
        normal = normalise_uk_mobile(national)
    except ValueError:
        return  # a range Ofcom has not given to mobiles: refusal is right, nothing to compare
    assert E164_UK_MOBILE.match(normal)
    assert normalise_uk_mobile(normal) == normal
    assert {normalise_uk_mobile(s) for s in spellings(national)} == {normal}


@given(st.integers(0, 999))
def test_drama_numbers_are_accepted_as_mobiles(n: int) -> None:
    normal = normalise_uk_mobile(f"07700 900{n:03d}")
    assert normal == f"+447700900{n:03d}"
    assert normalise_uk_mobile(normal) == normal


@given(st.text("0123456789 +()-7", max_size=20))
def test_any_digits_are_refused_without_quoting_them_or_a_mobile(text: str) -> None:
    try:
        normal = normalise_uk_mobile(text)
    except ValueError as exc:
        refusal = str(exc)
    else:
        assert E164_UK_MOBILE.match(normal)
        return
    assert not re.search(r"\d", refusal)  # error text never carries the number


letters = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2)
digit = st.sampled_from("0123456789")


@st.composite
def postcodes(draw: st.DrawFn) -> str:
    """A postcode as typed: any case, with or without the space, padded."""
    outward = draw(letters) + draw(digit) + draw(st.sampled_from(["", *"0123456789ABHJKMNPW"]))
    inward = draw(digit) + draw(st.text("ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2))
    typed = outward + draw(st.sampled_from(["", " "])) + inward
    typed = "".join(c.lower() if draw(st.booleans()) else c for c in typed)
    return draw(st.sampled_from(["", " ", "  "])) + typed + draw(st.sampled_from(["", " "]))


@given(postcodes())
def test_a_postcode_normalises_to_the_pattern_and_stays(typed: str) -> None:
    normal = normalise_postcode(typed)
    assert NORMAL_POSTCODE.match(normal)
    assert POSTCODE.match(normal)
    assert normalise_postcode(normal) == normal
    assert normal.replace(" ", "") == typed.replace(" ", "").upper()


@given(postcodes())
def test_a_postcode_s_district_is_a_district(typed: str) -> None:
    district = district_of(normalise_postcode(typed))
    assert DISTRICT.match(district)
    assert normalise_district(district) == district
    assert normalise_postcode(typed).startswith(district + " ")


@given(st.text(max_size=12))
def test_any_text_is_refused_or_a_normal_postcode(text: str) -> None:
    try:
        normal = normalise_postcode(text)
    except ValueError:
        return
    assert NORMAL_POSTCODE.match(normal)
    assert normalise_postcode(normal) == normal


def test_a_postcode_with_a_bad_inward_code_is_refused() -> None:
    with pytest.raises(ValueError, match="postcode"):
        normalise_postcode("LS6 AB2")
