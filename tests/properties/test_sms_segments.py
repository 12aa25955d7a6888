"""SMS segments: GSM-7 texts fit 160 units, 153 a part; UCS-2 texts 70, 67 a part."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from notifications.domain.sms_segments import GSM7_BASIC, GSM7_EXTENSION, count_segments

gsm_basic = st.text(st.sampled_from(sorted(GSM7_BASIC)), max_size=800)
# Characters of the Basic Multilingual Plane outside GSM-7 (one UTF-16 unit each).
non_gsm = st.characters(
    min_codepoint=0x100, max_codepoint=0xFFFF, exclude_categories=["Cs"]
).filter(lambda c: c not in GSM7_BASIC and c not in GSM7_EXTENSION)


def expected(units: int, single: int, part: int) -> int:
    return 0 if units == 0 else 1 if units <= single else math.ceil(units / part)


@given(gsm_basic)
def test_gsm7_texts_count_one_unit_a_character_160_then_153_a_part(text: str) -> None:
    counted = count_segments(text)
    assert counted.encoding == "GSM-7"
    assert counted.characters == len(text)
    assert counted.segments == expected(len(text), 160, 153)


@given(gsm_basic, non_gsm, st.integers(0, 800))
def test_one_character_outside_gsm7_makes_the_text_ucs2_70_then_67_a_part(
    text: str, odd: str, at: int
) -> None:
    mixed = text[:at] + odd + text[at:]
    counted = count_segments(mixed)
    assert counted.encoding == "UCS-2"
    assert counted.characters == len(mixed)
    assert counted.segments == expected(len(mixed), 70, 67)


@given(st.lists(st.sampled_from(sorted(GSM7_BASIC | GSM7_EXTENSION)), max_size=500))
def test_extension_characters_cost_two_units_and_never_straddle_parts(chars: list[str]) -> None:
    text = "".join(chars)
    counted = count_segments(text)
    units = sum(2 if c in GSM7_EXTENSION else 1 for c in chars)
    assert (counted.encoding, counted.characters) == ("GSM-7", units)
    if units <= 160:
        assert counted.segments == (1 if units else 0)
    else:
        # Whole characters per part: at least the even split, at most one spare unit a part.
        assert math.ceil(units / 153) <= counted.segments <= math.ceil(units / 152)


@given(st.text(max_size=300), st.characters(exclude_categories=["Cs"]))
def test_adding_a_character_never_needs_fewer_segments(text: str, extra: str) -> None:
    assert count_segments(text + extra).segments >= count_segments(text).segments


def test_the_limits_themselves() -> None:
    assert [count_segments("a" * n).segments for n in (160, 161, 306, 307)] == [1, 2, 2, 3]
    assert [count_segments("é" + "ж" * (n - 1)).segments for n in (70, 71, 134, 135)] == [
        1,
        2,
        2,
        3,
    ]
