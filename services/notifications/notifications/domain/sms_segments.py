"""How many SMS segments (billable parts) a text needs.

GSM 03.38 rules: texts made only of the GSM-7 alphabet fit 160 units in one message,
153 per part when concatenated (the user data header takes the rest). One character
outside that alphabet switches the whole text to UCS-2: 70 units, 67 per part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Encoding = Literal["GSM-7", "UCS-2"]

# The 3GPP TS 23.038 default alphabet, minus 0x1B (the escape to the extension table).
GSM7_BASIC: frozenset[str] = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension-table characters travel as ESC + char, so each costs two septets.
GSM7_EXTENSION: frozenset[str] = frozenset("^{}\\[~]|€\f")

_LIMITS: dict[Encoding, tuple[int, int]] = {"GSM-7": (160, 153), "UCS-2": (70, 67)}


@dataclass(frozen=True)
class SmsSegments:
    """`characters` is the billed length: GSM-7 septets or UTF-16 code units."""

    encoding: Encoding
    characters: int
    segments: int


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM-7 alphabet or its extension table."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def count_segments(text: str) -> SmsSegments:
    """Encoding, billed length and segment count of `text` (0 segments when empty)."""
    encoding: Encoding = "GSM-7" if is_gsm7(text) else "UCS-2"
    units = [_units(ch, encoding) for ch in text]
    single_limit, part_limit = _LIMITS[encoding]
    total = sum(units)
    if total == 0:
        segments = 0
    elif total <= single_limit:
        segments = 1
    else:
        segments = _pack(units, part_limit)
    return SmsSegments(encoding=encoding, characters=total, segments=segments)


def _units(ch: str, encoding: Encoding) -> int:
    if encoding == "GSM-7":
        return 2 if ch in GSM7_EXTENSION else 1
    # Characters beyond the BMP (most emoji) need a UTF-16 surrogate pair.
    return 2 if ord(ch) > 0xFFFF else 1


def _pack(units: list[int], part_limit: int) -> int:
    # An escape pair or a surrogate pair cannot be split across parts, so a two-unit
    # character that would straddle a boundary starts the next part instead.
    parts, used = 1, 0
    for size in units:
        if used + size > part_limit:
            parts, used = parts + 1, 0
        used += size
    return parts
