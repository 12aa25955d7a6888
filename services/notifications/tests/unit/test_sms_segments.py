import pytest

from notifications.domain.sms_segments import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    SmsSegments,
    count_segments,
    is_gsm7,
)


def test_alphabet_sizes_match_gsm_03_38() -> None:
    # 128 code points minus the escape; ten extension characters including form feed.
    assert len(GSM7_BASIC) == 127
    assert set("^{}\\[~]|€\f") == GSM7_EXTENSION
    assert "\x1b" not in GSM7_BASIC
    assert not GSM7_BASIC & GSM7_EXTENSION


def test_empty_text_has_no_segments() -> None:
    assert count_segments("") == SmsSegments("GSM-7", 0, 0)


@pytest.mark.parametrize(
    ("length", "segments"),
    [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_gsm7_boundaries(length: int, segments: int) -> None:
    assert count_segments("a" * length) == SmsSegments("GSM-7", length, segments)


@pytest.mark.parametrize(
    ("length", "segments"),
    [(1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)],
)
def test_ucs2_boundaries(length: int, segments: int) -> None:
    assert count_segments("ā" * length) == SmsSegments("UCS-2", length, segments)


@pytest.mark.parametrize("ch", sorted(GSM7_EXTENSION))
def test_extension_characters_count_two(ch: str) -> None:
    assert count_segments(ch) == SmsSegments("GSM-7", 2, 1)


def test_euro_at_single_message_boundary() -> None:
    assert count_segments("a" * 158 + "€") == SmsSegments("GSM-7", 160, 1)
    assert count_segments("a" * 159 + "€") == SmsSegments("GSM-7", 161, 2)


def test_euro_straddling_a_part_boundary_moves_to_next_part() -> None:
    # 152 + 2 would split ESC from the euro across parts; 153 + 153 + 1 packs the rest.
    assert count_segments("a" * 152 + "€" + "a" * 152) == SmsSegments("GSM-7", 306, 3)
    assert count_segments("a" * 151 + "€" + "a" * 153) == SmsSegments("GSM-7", 306, 2)


def test_accented_gsm_letters_stay_gsm7() -> None:
    text = "Héllo Ñoño, £5 à Øresund ¿qué? §1 Ç"
    assert is_gsm7(text)
    assert count_segments(text).encoding == "GSM-7"


@pytest.mark.parametrize("ch", ["\u2019", "\u201c", "ç", "ê", "ŵ", "\u00a0", "😀", "\x1b"])
def test_one_character_outside_gsm7_switches_to_ucs2(ch: str) -> None:
    result = count_segments("a" * 100 + ch)
    assert result.encoding == "UCS-2"
    assert result.segments == 2


def test_emoji_count_two_utf16_units() -> None:
    assert count_segments("😀") == SmsSegments("UCS-2", 2, 1)
    assert count_segments("😀" * 35) == SmsSegments("UCS-2", 70, 1)
    assert count_segments("a" + "😀" * 35) == SmsSegments("UCS-2", 71, 2)


def test_emoji_straddling_a_part_boundary_moves_to_next_part() -> None:
    assert count_segments("a" * 66 + "😀" + "a" * 66) == SmsSegments("UCS-2", 134, 3)
    assert count_segments("a" * 65 + "😀" + "a" * 67) == SmsSegments("UCS-2", 134, 2)


def test_newlines_count_one() -> None:
    assert count_segments("a\nb\r\nc") == SmsSegments("GSM-7", 6, 1)
